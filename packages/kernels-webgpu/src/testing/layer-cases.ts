import type { LayerInputV1, MoeLayerV1 } from '@anyk/core';
import { makeLayer, makeSpec } from './layer-fixtures.ts';
import { randomArray, seededRandom } from './seeded-random.ts';

/** A named layer call for backend-vs-reference comparisons. */
export interface LayerCase {
  readonly name: string;
  readonly layer: MoeLayerV1;
  readonly input: LayerInputV1;
}

/** A list of cases and the helper that builds each from its own seeded random stream. */
function caseList(): {
  cases: LayerCase[];
  add: (name: string, seed: number, build: (random: () => number) => Omit<LayerCase, 'name'>) => void;
} {
  const cases: LayerCase[] = [];
  return { cases, add: (name, seed, build) => cases.push({ name, ...build(seededRandom(seed)) }) };
}

/**
 * MoE++ over 4 FFN experts (d = 12, f = 24, SwiGLU) and the given zero-computation experts: std-normalised
 * logits with a gating residual (random gate map and previous logits), top-2 renormalised without the
 * zero-computation experts, expert input scale 2.
 */
function moePlusPlusCase(
  random: () => number,
  zeroComputation: ('zero' | 'copy' | 'constant')[],
  tokens: number,
): Omit<LayerCase, 'name'> {
  const spec = makeSpec({
    numExperts: 4,
    zeroComputation,
    gatingResidual: true,
    stdNormalise: { normStd: 1 },
    selection: { kind: 'top-k', k: 2 },
    weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
  });
  const candidates = 4 + zeroComputation.length;
  const layer = makeLayer(
    random,
    spec,
    { d: 12, f: 24 },
    { gateMap: randomArray(random, candidates * candidates, 0.3), expertInputScale: 2 },
  );
  return {
    layer,
    input: { tokens, x: x(random, tokens, 12), prevLogits: randomArray(random, tokens * candidates) },
  };
}

/** Activations `[tokens, d]` drawn from `random`. */
function x(random: () => number, tokens: number, d: number, scale = 1): Float64Array {
  return randomArray(random, tokens * d, scale);
}

/**
 * Small seeded layers covering every scoring, selection and weighting rule, each expert kind and each
 * zero-computation kind. Shapes stay tiny (SwiftShader is slow) but deliberately awkward: E not a power of
 * two, T not a multiple of the row tile or the 16-token plan block, d and f not multiples of 32 (or of 4).
 */
export function layerCases(): LayerCase[] {
  const { cases, add } = caseList();

  add('top-2 softmax renormalise, swiglu, E=7, T=37', 11, (random) => {
    const layer = makeLayer(random, makeSpec({ numExperts: 7 }), { d: 20, f: 36 });
    return { layer, input: { tokens: 37, x: x(random, 37, 20) } };
  });
  add('top-1 softmax raw (Switch), gelu mlp', 12, (random) => {
    const spec = makeSpec({
      numExperts: 4,
      selection: { kind: 'top-k', k: 1 },
      weighting: { kind: 'score', scale: 1, gain: false },
    });
    const layer = makeLayer(random, spec, { d: 16, f: 24, expert: { kind: 'mlp', activation: 'gelu' } });
    return { layer, input: { tokens: 19, x: x(random, 19, 16) } };
  });
  add('top-k with capacity drop (factor 0.6)', 13, (random) => {
    const spec = makeSpec({ numExperts: 6, selection: { kind: 'top-k', k: 2 }, capacityFactor: 0.6 });
    const layer = makeLayer(random, spec, { d: 12, f: 20 });
    return { layer, input: { tokens: 24, x: x(random, 24, 12) } };
  });
  add('DeepSeek-V3: sigmoid, bias, group limit top2-sum, renormalise x2.5', 14, (random) => {
    const spec = makeSpec({
      numExperts: 8,
      scoring: { kind: 'sigmoid' },
      selection: { kind: 'top-k', k: 3, groups: { count: 4, keep: 2, score: 'top2-sum' } },
      weighting: { kind: 'renormalise', scale: 2.5, excludeZeroExperts: false },
    });
    const layer = makeLayer(
      random,
      spec,
      { d: 16, f: 16 },
      { params: { selectionBias: randomArray(random, 8, 0.3) } },
    );
    return { layer, input: { tokens: 21, x: x(random, 21, 16) } };
  });
  add('group limit with max group score', 15, (random) => {
    const spec = makeSpec({
      numExperts: 9,
      selection: { kind: 'top-k', k: 2, groups: { count: 3, keep: 1, score: 'max' } },
      weighting: { kind: 'score', scale: 1, gain: false },
    });
    const layer = makeLayer(random, spec, { d: 8, f: 8 });
    return { layer, input: { tokens: 13, x: x(random, 13, 8) } };
  });
  add('top-p 0.6 (raw probabilities)', 16, (random) => {
    const spec = makeSpec({
      numExperts: 6,
      selection: { kind: 'top-p', p: 0.6 },
      weighting: { kind: 'score', scale: 1, gain: false },
    });
    const layer = makeLayer(random, spec, { d: 16, f: 16 });
    return { layer, input: { tokens: 29, x: x(random, 29, 16, 2) } };
  });
  add('top-p 0.8 with maxK 2', 17, (random) => {
    const spec = makeSpec({ numExperts: 5, selection: { kind: 'top-p', p: 0.8, maxK: 2 } });
    const layer = makeLayer(random, spec, { d: 8, f: 16 });
    return { layer, input: { tokens: 17, x: x(random, 17, 8) } };
  });
  add('DynMoE infer: cosine, sigmoid x mask, thresholds, argmax fallback, uniform', 18, (random) => {
    const spec = makeSpec({
      numExperts: 6,
      logits: { kind: 'cosine', logitScale: 2 },
      scoring: { kind: 'sigmoid' },
      selection: { kind: 'threshold', thresholdScale: 2, fallback: 'argmax' },
      weighting: { kind: 'uniform' },
    });
    const params = { thresholds: randomArray(random, 6, 1.2), mask: [1, 1, 0, 1, 1, 1] };
    const layer = makeLayer(random, spec, { d: 12, f: 24 }, { params });
    return { layer, input: { tokens: 23, x: x(random, 23, 12) } };
  });
  add('DynMoE train: threshold without fallback (empty tokens)', 19, (random) => {
    const spec = makeSpec({
      numExperts: 4,
      logits: { kind: 'cosine', logitScale: 1 },
      scoring: { kind: 'sigmoid' },
      selection: { kind: 'threshold', thresholdScale: 1, fallback: 'none' },
      weighting: { kind: 'uniform' },
    });
    const layer = makeLayer(
      random,
      spec,
      { d: 8, f: 16 },
      { params: { thresholds: randomArray(random, 4, 1) } },
    );
    return { layer, input: { tokens: 18, x: x(random, 18, 8) } };
  });
  add('ReMoE: relu, positive, score weights, silu mlp', 20, (random) => {
    const spec = makeSpec({
      numExperts: 6,
      scoring: { kind: 'relu' },
      selection: { kind: 'positive' },
      weighting: { kind: 'score', scale: 1, gain: false },
    });
    const layer = makeLayer(random, spec, { d: 12, f: 16, expert: { kind: 'mlp', activation: 'silu' } });
    return { layer, input: { tokens: 20, x: x(random, 20, 12) } };
  });
  add('BlockFFN: relu + rmsnorm, positive, gain', 21, (random) => {
    const spec = makeSpec({
      numExperts: 5,
      scoring: { kind: 'relu-rmsnorm', eps: 1e-5 },
      selection: { kind: 'positive' },
      weighting: { kind: 'score', scale: 1, gain: true },
    });
    const params = { gain: randomArray(random, 5, 1).map((value) => Math.fround(1 + 0.5 * value)) };
    const layer = makeLayer(
      random,
      spec,
      { d: 12, f: 16, expert: { kind: 'mlp', activation: 'silu' } },
      { params },
    );
    return { layer, input: { tokens: 18, x: x(random, 18, 12) } };
  });
  add('Ada-K: predicted k per token (0..3)', 22, (random) => {
    const spec = makeSpec({ numExperts: 6, selection: { kind: 'predicted-k', kMax: 3 } });
    const layer = makeLayer(random, spec, { d: 8, f: 16 });
    const k = Int32Array.from({ length: 15 }, () => Math.floor(random() * 4));
    return { layer, input: { tokens: 15, x: x(random, 15, 8), k } };
  });
  add('expert-choice capacity 4', 23, (random) => {
    const spec = makeSpec({
      numExperts: 5,
      selection: { kind: 'expert-choice', capacity: 4 },
      weighting: { kind: 'score', scale: 1, gain: false },
    });
    const layer = makeLayer(random, spec, { d: 8, f: 16 });
    return { layer, input: { tokens: 12, x: x(random, 12, 8) } };
  });
  add('AdaMoE: null experts excluded from renormalisation', 24, (random) => {
    const spec = makeSpec({
      numExperts: 4,
      zeroComputation: ['zero', 'zero', 'zero'],
      selection: { kind: 'top-k', k: 3 },
      weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
    });
    const layer = makeLayer(random, spec, { d: 16, f: 16 });
    return { layer, input: { tokens: 22, x: x(random, 22, 16, 2) } };
  });
  add('MoE++: constant/copy/zero, std-norm, gating residual, scaled input', 25, (random) =>
    moePlusPlusCase(random, ['constant', 'constant', 'copy', 'zero'], 17),
  );
  add('LongCat: identity experts, bias, score x 6', 26, (random) => {
    const spec = makeSpec({
      numExperts: 4,
      zeroComputation: ['copy', 'copy'],
      selection: { kind: 'top-k', k: 2 },
      weighting: { kind: 'score', scale: 6, gain: false },
    });
    const params = { selectionBias: randomArray(random, 6, 0.1) };
    const layer = makeLayer(random, spec, { d: 16, f: 16 }, { params });
    return { layer, input: { tokens: 19, x: x(random, 19, 16) } };
  });
  // Enough tokens per expert for the 128- and 64-row tilings (`pickGemmTiling`); d and f not multiples of 4
  // take the scalar-load path, multiples of 4 the vec4 one.
  add('top-2 swiglu, E=2, T=1030, d=10, f=18: 128 x 64 tiles, scalar loads', 27, (random) => {
    const layer = makeLayer(random, makeSpec({ numExperts: 2 }), { d: 10, f: 18 });
    return { layer, input: { tokens: 1030, x: x(random, 1030, 10) } };
  });
  add('top-p gelu mlp, E=3, T=800, d=12, f=20: 64 x 64 tiles, vec4 loads', 28, (random) => {
    const spec = makeSpec({ numExperts: 3, selection: { kind: 'top-p', p: 0.5 } });
    const layer = makeLayer(random, spec, { d: 12, f: 20, expert: { kind: 'mlp', activation: 'gelu' } });
    return { layer, input: { tokens: 800, x: x(random, 800, 12) } };
  });
  return cases;
}

/**
 * Decode batches (T = 1, 2, 3, 5, 8: the GEMV path, `pickExpertFfnPath`) over the expert kinds, selection rules and zero-computation experts.
 * d and f include values that are not multiples of 4 (scalar loads, like the grouped GEMMs), values past
 * 32 lanes x 4 (lanes that loop), and more than one 8-column block with a partial last block.
 */
export function decodeLayerCases(): LayerCase[] {
  const { cases, add } = caseList();

  add('T=1 top-2 swiglu, E=5, d=16, f=24', 101, (random) => {
    const layer = makeLayer(random, makeSpec({ numExperts: 5 }), { d: 16, f: 24 });
    return { layer, input: { tokens: 1, x: x(random, 1, 16) } };
  });
  add('T=1 top-1 of 16 experts (15 without rows), silu mlp', 102, (random) => {
    const spec = makeSpec({
      numExperts: 16,
      selection: { kind: 'top-k', k: 1 },
      weighting: { kind: 'score', scale: 1, gain: false },
    });
    const layer = makeLayer(random, spec, { d: 8, f: 12, expert: { kind: 'mlp', activation: 'silu' } });
    return { layer, input: { tokens: 1, x: x(random, 1, 8) } };
  });
  add('T=2 top-1 gelu mlp, d=10, f=18 (scalar loads)', 103, (random) => {
    const spec = makeSpec({
      numExperts: 4,
      selection: { kind: 'top-k', k: 1 },
      weighting: { kind: 'score', scale: 1, gain: false },
    });
    const layer = makeLayer(random, spec, { d: 10, f: 18, expert: { kind: 'mlp', activation: 'gelu' } });
    return { layer, input: { tokens: 2, x: x(random, 2, 10) } };
  });
  add('T=3 top-p 0.6 silu mlp, E=6, d=12, f=20', 104, (random) => {
    const spec = makeSpec({
      numExperts: 6,
      selection: { kind: 'top-p', p: 0.6 },
      weighting: { kind: 'score', scale: 1, gain: false },
    });
    const layer = makeLayer(random, spec, { d: 12, f: 20, expert: { kind: 'mlp', activation: 'silu' } });
    return { layer, input: { tokens: 3, x: x(random, 3, 12, 2) } };
  });
  add('T=5 MoE++: constant/copy/zero, gating residual, input scale 2, swiglu', 105, (random) =>
    moePlusPlusCase(random, ['constant', 'copy', 'zero'], 5),
  );
  add('T=5 AdaMoE null experts, top-3, gelu mlp, d=9, f=14 (scalar loads)', 106, (random) => {
    const spec = makeSpec({
      numExperts: 4,
      zeroComputation: ['zero', 'zero'],
      selection: { kind: 'top-k', k: 3 },
      weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
    });
    const layer = makeLayer(random, spec, { d: 9, f: 14, expert: { kind: 'mlp', activation: 'gelu' } });
    return { layer, input: { tokens: 5, x: x(random, 5, 9, 2) } };
  });
  add('T=8 top-p 0.9 swiglu, d=136, f=134 (lanes loop; scalar down loads)', 107, (random) => {
    const spec = makeSpec({ numExperts: 3, selection: { kind: 'top-p', p: 0.9 } });
    const layer = makeLayer(random, spec, { d: 136, f: 134 });
    return { layer, input: { tokens: 8, x: x(random, 8, 136) } };
  });
  add('T=8 all tokens to one expert (a full 8-row group), swiglu', 108, (random) => {
    const spec = makeSpec({
      numExperts: 5,
      selection: { kind: 'top-k', k: 1 },
      weighting: { kind: 'score', scale: 1, gain: false },
    });
    const layer = makeLayer(random, spec, { d: 16, f: 16 }, { params: { selectionBias: [0, 10, 0, 0, 0] } });
    return { layer, input: { tokens: 8, x: x(random, 8, 16) } };
  });
  return cases;
}
