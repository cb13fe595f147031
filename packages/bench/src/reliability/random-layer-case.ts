import type { LayerInputV1, MoeLayerV1, RouterParamsV1, RouterSpecV1 } from '@anyk/core';
import {
  adaK,
  adaMoE,
  blockFFN,
  deepSeekV3,
  dynMoE,
  expertChoice,
  longCat,
  moePlusPlus,
  reMoE,
  topK,
  topP,
} from '@anyk/routers';

/** The router families the differential tests draw from (every family `@anyk/routers` ships). */
export const fuzzFamilies = [
  'top-k',
  'top-p',
  'dynmoe',
  'remoe',
  'blockffn',
  'ada-k',
  'adamoe',
  'moe-plus-plus',
  'longcat',
  'deepseek-v3',
  'expert-choice',
] as const;
export type FuzzFamily = (typeof fuzzFamilies)[number];

/** Input magnitudes: a power of ten for every element, or `mixed` (each element its own, 1e-4 .. 1e3). */
export const fuzzMagnitudes = [1e-4, 1e-2, 1, 10, 1e3, 'mixed'] as const;
export type FuzzMagnitude = (typeof fuzzMagnitudes)[number];

/**
 * What one differential case is made of: small, printable, and shrinkable by fast-check (fewer tokens,
 * smaller sizes, simpler magnitudes). Every tensor is drawn from `seed`.
 */
export interface LayerCaseRecipe {
  readonly family: FuzzFamily;
  readonly seed: number;
  readonly tokens: number;
  readonly d: number;
  readonly f: number;
  readonly experts: number;
  readonly expert: 'swiglu' | 'silu' | 'gelu';
  readonly magnitude: FuzzMagnitude;
  /** `none`; `pair`: two experts get identical router rows (exact logit ties); `row`: token 0 is all zeros. */
  readonly ties: 'none' | 'pair' | 'row';
  readonly dtype: 'float32' | 'float64';
}

/** One built case: the layer, its input, and the output cotangent of the backward check. */
export interface LayerCase {
  readonly recipe: LayerCaseRecipe;
  readonly layer: MoeLayerV1;
  readonly input: LayerInputV1;
  readonly gradOutput: Float32Array | Float64Array;
}

/** mulberry32: every tensor of a case follows from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Builds a case from its recipe: the family's router with hyper-parameters drawn from the seed, random
 * weights and input at the recipe's magnitude, and the per-call tensors the spec needs (thresholds, gains,
 * selection biases, predicted k, gating residual, constant experts).
 *
 * Values are float32-representable whatever the dtype, so float32 backends receive exactly the numbers the
 * float64 reference does: a mismatch is then the backend's arithmetic, never the rounding of its input.
 */
export function buildLayerCase(recipe: LayerCaseRecipe): LayerCase {
  const random = seededRandom(recipe.seed);
  const { tokens, d, f, experts } = recipe;
  const make = (length: number, value: () => number): Float32Array | Float64Array => {
    const array = recipe.dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
    for (let index = 0; index < length; index++) array[index] = Math.fround(value());
    return array;
  };
  const uniform = (length: number, scale: number): Float32Array | Float64Array =>
    make(length, () => (2 * random() - 1) * scale);
  const spec = familySpec(recipe, random);
  const total = spec.numExperts + spec.zeroComputation.length;

  const x = make(tokens * d, () => (2 * random() - 1) * magnitudeOf(recipe, random));
  const routerShape = spec.logits.kind === 'cosine' ? d * experts : total * d;
  const router = uniform(routerShape, 1 / Math.sqrt(d));
  if (recipe.ties === 'pair' && spec.logits.kind === 'linear' && total > 1) {
    router.copyWithin(d, 0, d); // experts 0 and 1: equal logits for every token
  }
  if (recipe.ties === 'row') x.fill(0, 0, d);

  const constants = spec.zeroComputation.filter((kind) => kind === 'constant').length;
  const layer: MoeLayerV1 = {
    spec,
    weights: {
      d,
      f,
      expert: recipe.expert === 'swiglu' ? { kind: 'swiglu' } : { kind: 'mlp', activation: recipe.expert },
      router,
      wGate: recipe.expert === 'swiglu' ? uniform(experts * f * d, 1 / Math.sqrt(d)) : undefined,
      wUp: uniform(experts * f * d, 1 / Math.sqrt(d)),
      wDown: uniform(experts * d * f, 1 / Math.sqrt(f)),
      constants:
        constants > 0
          ? { wc: uniform(constants * 2 * d, 1 / Math.sqrt(d)), v: uniform(constants * d, 1) }
          : undefined,
    },
    params: familyParams(spec, random),
    gateMap: spec.gatingResidual ? uniform(total * total, 0.5) : undefined,
  };
  const input: LayerInputV1 = {
    tokens,
    x,
    prevLogits: spec.gatingResidual ? uniform(tokens * total, 1) : undefined,
    k:
      spec.selection.kind === 'predicted-k'
        ? Int32Array.from({ length: tokens }, () =>
            Math.floor(random() * ((spec.selection as { kMax: number }).kMax + 1)),
          )
        : undefined,
  };
  return { recipe, layer, input, gradOutput: uniform(tokens * d, 1) };
}

function magnitudeOf(recipe: LayerCaseRecipe, random: () => number): number {
  return recipe.magnitude === 'mixed' ? 10 ** (-4 + 7 * random()) : recipe.magnitude;
}

/** The family's spec with hyper-parameters drawn from `random` (within each factory's documented range). */
function familySpec(recipe: LayerCaseRecipe, random: () => number): RouterSpecV1 {
  const numExperts = recipe.experts;
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const upTo = (limit: number): number => 1 + Math.floor(random() * limit);
  switch (recipe.family) {
    case 'top-k':
      return topK({ numExperts, k: upTo(numExperts), weights: pick(['renorm', 'raw'] as const) }).spec();
    case 'top-p':
      return topP({
        numExperts,
        p: pick([0.3, 0.5, 0.8, 1]),
        maxK: pick([undefined, upTo(numExperts)]),
      }).spec();
    case 'dynmoe':
      return dynMoE({ numExperts, mode: pick(['train', 'infer'] as const) }).spec();
    case 'remoe':
      return reMoE({ numExperts }).spec();
    case 'blockffn':
      return blockFFN({ numExperts }).spec();
    case 'ada-k':
      return adaK({ numExperts, kMax: upTo(numExperts), weights: pick(['renorm', 'raw'] as const) }).spec();
    case 'adamoe': {
      const nullExperts = upTo(3);
      return adaMoE({ numExperts, nullExperts, k: upTo(numExperts + nullExperts) }).spec();
    }
    case 'moe-plus-plus':
      return moePlusPlus({
        numExperts,
        zeroComputation: pick([[], ['zero'], ['zero', 'copy', 'constant'], ['copy', 'constant']] as const),
        k: upTo(numExperts),
        logitsNorm: pick([true, false]),
        mixtralGating: pick([true, false]),
      }).spec();
    case 'longcat': {
      const identityExperts = upTo(2);
      return longCat({ numExperts, identityExperts, k: upTo(numExperts) }).spec();
    }
    case 'deepseek-v3': {
      const nGroups = pick([1, 2].filter((count) => numExperts % count === 0 && numExperts / count >= 2));
      const topkGroups = upTo(nGroups);
      return deepSeekV3({
        numExperts,
        k: upTo((topkGroups * numExperts) / nGroups),
        nGroups,
        topkGroups,
        scoreFunc: pick(['sigmoid', 'softmax'] as const),
      }).spec();
    }
    case 'expert-choice':
      return expertChoice({ numExperts, capacityFactor: pick([0.5, 1, 2]) }).spec({ tokens: recipe.tokens });
  }
}

/** Per-call router tensors the spec asks for, plus a selection bias for the families that use one. */
function familyParams(spec: RouterSpecV1, random: () => number): RouterParamsV1 | undefined {
  const experts = spec.numExperts;
  const total = experts + spec.zeroComputation.length;
  const vector = (length: number, scale: number, offset = 0): Float64Array =>
    Float64Array.from({ length }, () => Math.fround(offset + (2 * random() - 1) * scale));
  const params: { thresholds?: Float64Array; gain?: Float64Array; selectionBias?: Float64Array } = {};
  if (spec.selection.kind === 'threshold') params.thresholds = vector(experts, 0.5);
  if (spec.weighting.kind === 'score' && spec.weighting.gain) params.gain = vector(experts, 0.5, 1);
  if (spec.family === 'deepseek-v3' || spec.family === 'longcat') params.selectionBias = vector(total, 0.05);
  return Object.keys(params).length > 0 ? params : undefined;
}
