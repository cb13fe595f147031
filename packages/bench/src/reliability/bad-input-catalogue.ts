import type {
  KernelBackendV1,
  LayerForwardResultV1,
  LayerInputV1,
  MoeLayerV1,
  RouteInputV1,
  RouterSpecV1,
} from '@anyk/core';
import { buildLayerCase } from './random-layer-case.ts';

/**
 * What a bad (or edge) input must produce:
 * - `argument`: a rejection with a typed `AnykError` whose `argument` (or, for errors without one, whose
 *   message) matches;
 * - `code`: a rejection with a typed `AnykError` of that code (`unsupported` for resource limits);
 * - `finite`: the documented result of a valid edge input: it resolves and every output number is finite,
 *   or (overflow of a finite input) it rejects with a typed error naming `argument`.
 * - `resolves`: a valid edge input that must simply work.
 */
export type BadInputExpectation =
  | { readonly kind: 'argument'; readonly argument: RegExp }
  | { readonly kind: 'code'; readonly code: string }
  | { readonly kind: 'finite'; readonly argument: RegExp }
  | { readonly kind: 'resolves' };

/** The valid call every bad one is a variation of, with a forward result to pass to `backward`. */
export interface GoodCall {
  readonly layer: MoeLayerV1;
  readonly input: LayerInputV1;
  readonly gradOutput: Float64Array | Float32Array;
  /** `route` input: the layer's router input as logits-free x + router. */
  readonly routeInput: RouteInputV1;
  readonly forward: LayerForwardResultV1;
}

export interface BadInputCase {
  readonly name: string;
  /** `backward` cases need a backend with backward; others expect `UnsupportedError` there. */
  readonly needsBackward?: boolean;
  readonly expect: BadInputExpectation;
  readonly call: (backend: KernelBackendV1, good: GoodCall) => Promise<unknown>;
}

const argument = (pattern: RegExp): BadInputExpectation => ({ kind: 'argument', argument: pattern });
const finite = (pattern: RegExp): BadInputExpectation => ({ kind: 'finite', argument: pattern });
const resolves: BadInputExpectation = { kind: 'resolves' };

/** Deliberately ill-typed values reach the API as a hostile caller's would. */
// biome-ignore lint/suspicious/noExplicitAny: the catalogue passes what the types forbid on purpose.
type Anything = any;

/** The good call: a small top-k SwiGLU layer (T = 3, d = 5, f = 6, E = 4), the reference's forward. */
export function goodLayerCase(): Omit<GoodCall, 'forward'> {
  const { layer, input, gradOutput } = buildLayerCase({
    family: 'top-k',
    seed: 17,
    tokens: 3,
    d: 5,
    f: 6,
    experts: 4,
    expert: 'swiglu',
    magnitude: 1,
    ties: 'none',
    dtype: 'float32',
  });
  const routeInput: RouteInputV1 = {
    tokens: input.tokens,
    x: input.x,
    router: layer.weights.router,
    d: layer.weights.d,
  };
  return { layer, input, gradOutput, routeInput };
}

const withSpec = (good: GoodCall, spec: Partial<RouterSpecV1> | Anything): MoeLayerV1 => ({
  ...good.layer,
  spec: { ...good.layer.spec, ...spec },
});
const withWeights = (good: GoodCall, weights: Record<string, unknown>): MoeLayerV1 =>
  ({ ...good.layer, weights: { ...good.layer.weights, ...weights } }) as MoeLayerV1;
const withX = (good: GoodCall, edit: (x: Float64Array) => void): LayerInputV1 => {
  const x = Float64Array.from(good.input.x);
  edit(x);
  return { ...good.input, x };
};
const filled = (good: GoodCall, value: number): LayerInputV1 => withX(good, (x) => x.fill(value));
/** A MoE++ layer and input (std-normalisation, gating residual, zero and constant experts). */
const moePlusPlusCase = () =>
  buildLayerCase({
    family: 'moe-plus-plus',
    seed: 5,
    tokens: 3,
    d: 5,
    f: 4,
    experts: 4,
    expert: 'swiglu',
    magnitude: 1,
    ties: 'none',
    dtype: 'float64',
  });
const adaKCase = () =>
  buildLayerCase({
    family: 'ada-k',
    seed: 2,
    tokens: 3,
    d: 5,
    f: 4,
    experts: 4,
    expert: 'gelu',
    magnitude: 1,
    ties: 'none',
    dtype: 'float64',
  });
const dynMoECase = () =>
  buildLayerCase({
    family: 'dynmoe',
    seed: 3,
    tokens: 3,
    d: 5,
    f: 4,
    experts: 4,
    expert: 'silu',
    magnitude: 1,
    ties: 'none',
    dtype: 'float64',
  });
const adaMoE: RouterSpecV1 = {
  specificationVersion: 'v1',
  family: 'adamoe',
  numExperts: 3,
  zeroComputation: ['zero'],
  logits: { kind: 'linear' },
  gatingResidual: false,
  scoring: { kind: 'softmax' },
  selection: { kind: 'top-k', k: 3 },
  weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
};
const logitsInput = (values: number[]): RouteInputV1 => ({
  tokens: values.length / 4,
  logits: Float64Array.from(values),
});

/** Bad and edge inputs of `forward`: the layer, the spec inside it, the weights and the input. */
const forwardCases: BadInputCase[] = [
  {
    name: 'forward(null, input)',
    expect: argument(/^layer$/),
    call: (b, g) => b.forward(null as Anything, g.input),
  },
  {
    name: 'forward(undefined, input)',
    expect: argument(/^layer$/),
    call: (b, g) => b.forward(undefined as Anything, g.input),
  },
  {
    name: 'forward(layer, null)',
    expect: argument(/^input$/),
    call: (b, g) => b.forward(g.layer, null as Anything),
  },
  {
    name: 'forward(layer, undefined)',
    expect: argument(/^input$/),
    call: (b, g) => b.forward(g.layer, undefined as Anything),
  },
  {
    name: 'forward(layer, 42)',
    expect: argument(/^input$/),
    call: (b, g) => b.forward(g.layer, 42 as Anything),
  },
  {
    name: "tokens: '3' (a string)",
    expect: argument(/tokens/),
    call: (b, g) => b.forward(g.layer, { ...g.input, tokens: '3' as Anything }),
  },
  {
    name: 'tokens: 1.5',
    expect: argument(/tokens/),
    call: (b, g) => b.forward(g.layer, { ...g.input, tokens: 1.5 }),
  },
  {
    name: 'tokens: -1',
    expect: argument(/tokens/),
    call: (b, g) => b.forward(g.layer, { ...g.input, tokens: -1 }),
  },
  {
    name: 'tokens: NaN',
    expect: argument(/tokens/),
    call: (b, g) => b.forward(g.layer, { ...g.input, tokens: Number.NaN }),
  },
  {
    name: 'tokens: Infinity',
    expect: argument(/tokens/),
    call: (b, g) => b.forward(g.layer, { ...g.input, tokens: Number.POSITIVE_INFINITY }),
  },
  {
    name: 'tokens: 2^40 (x too short)',
    expect: argument(/tokens|input\.x/),
    call: (b, g) => b.forward(g.layer, { ...g.input, tokens: 2 ** 40 }),
  },
  {
    name: 'tokens one more than x holds',
    expect: argument(/input\.x/),
    call: (b, g) => b.forward(g.layer, { ...g.input, tokens: g.input.tokens + 1 }),
  },
  {
    name: 'x one element short',
    expect: argument(/input\.x/),
    call: (b, g) => b.forward(g.layer, { ...g.input, x: g.input.x.slice(1) }),
  },
  {
    name: 'x: null',
    expect: argument(/input\.x/),
    call: (b, g) => b.forward(g.layer, { ...g.input, x: null as Anything }),
  },
  {
    name: "x: 'text'",
    expect: argument(/input\.x/),
    call: (b, g) => b.forward(g.layer, { ...g.input, x: 'text' as Anything }),
  },
  {
    name: 'x holds NaN',
    expect: argument(/input\.x/),
    call: (b, g) =>
      b.forward(
        g.layer,
        withX(g, (x) => (x[4] = Number.NaN)),
      ),
  },
  {
    name: 'x holds Infinity',
    expect: argument(/input\.x/),
    call: (b, g) =>
      b.forward(
        g.layer,
        withX(g, (x) => (x[0] = Number.POSITIVE_INFINITY)),
      ),
  },
  {
    name: 'x holds -Infinity',
    expect: argument(/input\.x/),
    call: (b, g) =>
      b.forward(
        g.layer,
        withX(g, (x) => (x[2] = Number.NEGATIVE_INFINITY)),
      ),
  },
  {
    name: 'x = 1e20 everywhere (finite)',
    expect: finite(/input\.x/),
    call: (b, g) => b.forward(g.layer, filled(g, 1e20)),
  },
  {
    name: 'x = -1e20 everywhere',
    expect: finite(/input\.x/),
    call: (b, g) => b.forward(g.layer, filled(g, -1e20)),
  },
  {
    name: 'x = 3.4e38 (float32 max)',
    expect: finite(/input\.x/),
    call: (b, g) => b.forward(g.layer, filled(g, 3.4e38)),
  },
  {
    name: 'x = 1e200 (beyond float32)',
    expect: finite(/input\.x/),
    call: (b, g) => b.forward(g.layer, filled(g, 1e200)),
  },
  {
    name: 'x = 1e-40 (subnormal in float32)',
    expect: finite(/input\.x/),
    call: (b, g) => b.forward(g.layer, filled(g, 1e-40)),
  },
  { name: 'x all zeros', expect: finite(/input\.x/), call: (b, g) => b.forward(g.layer, filled(g, 0)) },
  {
    name: 'x = 1e6 in one element',
    expect: finite(/input\.x/),
    call: (b, g) =>
      b.forward(
        g.layer,
        withX(g, (x) => (x[0] = 1e6)),
      ),
  },
  {
    name: 'x as a plain array of numbers',
    expect: resolves,
    call: (b, g) => b.forward(g.layer, { ...g.input, x: Array.from(g.input.x) as Anything }),
  },
  {
    name: 'tokens: 0 with an empty x',
    expect: resolves,
    call: (b, g) => b.forward(g.layer, { tokens: 0, x: new Float32Array(0) }),
  },
  {
    name: 'tokens: 1',
    expect: resolves,
    call: (b, g) => b.forward(g.layer, { tokens: 1, x: g.input.x.slice(0, g.layer.weights.d) }),
  },
  {
    name: "retainForBackward: 'yes' (not a boolean)",
    expect: resolves,
    call: (b, g) =>
      b.forward(g.layer, g.input, { retainForBackward: 'yes' as Anything }).catch((error) => {
        // gpu.js has no backward: a truthy flag it cannot honour is its documented UnsupportedError.
        if (b.capabilities.backward) throw error;
        return error?.code === 'unsupported' ? undefined : Promise.reject(error);
      }),
  },
  {
    name: 'layer.spec: null',
    expect: argument(/spec/),
    call: (b, g) => b.forward({ ...g.layer, spec: null as Anything }, g.input),
  },
  {
    name: 'layer.spec missing',
    expect: argument(/spec/),
    call: (b, g) => b.forward({ ...g.layer, spec: undefined as Anything }, g.input),
  },
  {
    name: "specificationVersion 'v2' (a later contract: unsupported, not invalid)",
    expect: { kind: 'code', code: 'unsupported' },
    call: (b, g) => b.forward(withSpec(g, { specificationVersion: 'v2' }), g.input),
  },
  {
    name: 'numExperts: 0',
    expect: argument(/numExperts/),
    call: (b, g) => b.forward(withSpec(g, { numExperts: 0 }), g.input),
  },
  {
    name: 'numExperts: 1.5',
    expect: argument(/numExperts/),
    call: (b, g) => b.forward(withSpec(g, { numExperts: 1.5 }), g.input),
  },
  {
    name: "numExperts: '4'",
    expect: argument(/numExperts/),
    call: (b, g) => b.forward(withSpec(g, { numExperts: '4' }), g.input),
  },
  {
    name: 'selection.k: 0',
    expect: argument(/selection\.k/),
    call: (b, g) => b.forward(withSpec(g, { selection: { kind: 'top-k', k: 0 } }), g.input),
  },
  {
    name: 'selection.k above the experts',
    expect: argument(/selection\.k/),
    call: (b, g) => b.forward(withSpec(g, { selection: { kind: 'top-k', k: 9 } }), g.input),
  },
  {
    name: 'selection.k: NaN',
    expect: argument(/selection\.k/),
    call: (b, g) => b.forward(withSpec(g, { selection: { kind: 'top-k', k: Number.NaN } }), g.input),
  },
  {
    name: "selection.kind 'top-q'",
    expect: argument(/selection/),
    call: (b, g) => b.forward(withSpec(g, { selection: { kind: 'top-q', k: 2 } }), g.input),
  },
  {
    name: 'selection: null',
    expect: argument(/selection/),
    call: (b, g) => b.forward(withSpec(g, { selection: null }), g.input),
  },
  {
    name: 'top-p p: 0',
    expect: argument(/selection\.p|^p$/),
    call: (b, g) => b.forward(withSpec(g, { selection: { kind: 'top-p', p: 0 } }), g.input),
  },
  {
    name: 'top-p p: NaN',
    expect: argument(/selection\.p|^p$/),
    call: (b, g) => b.forward(withSpec(g, { selection: { kind: 'top-p', p: Number.NaN } }), g.input),
  },
  {
    name: "scoring.kind 'tanh'",
    expect: argument(/scoring/),
    call: (b, g) => b.forward(withSpec(g, { scoring: { kind: 'tanh' } }), g.input),
  },
  {
    name: "weighting.kind 'mean'",
    expect: argument(/weighting/),
    call: (b, g) => b.forward(withSpec(g, { weighting: { kind: 'mean' } }), g.input),
  },
  {
    name: 'weighting.scale: Infinity',
    expect: argument(/weighting\.scale/),
    call: (b, g) =>
      b.forward(
        withSpec(g, {
          weighting: { kind: 'renormalise', scale: Number.POSITIVE_INFINITY, excludeZeroExperts: false },
        }),
        g.input,
      ),
  },
  {
    name: "logits.kind 'bilinear'",
    expect: argument(/logits/),
    call: (b, g) => b.forward(withSpec(g, { logits: { kind: 'bilinear' } }), g.input),
  },
  {
    name: 'capacityFactor: -1',
    expect: argument(/capacityFactor/),
    call: (b, g) => b.forward(withSpec(g, { capacityFactor: -1 }), g.input),
  },
  {
    name: "zeroComputation ['identity']",
    expect: argument(/zeroComputation/),
    call: (b, g) => b.forward(withSpec(g, { zeroComputation: ['identity'] }), g.input),
  },
  {
    name: 'stdNormalise.normStd: 0',
    expect: argument(/normStd/),
    call: (b, g) => b.forward(withSpec(g, { stdNormalise: { normStd: 0 } }), g.input),
  },
  {
    name: 'weights: null',
    expect: argument(/weights/),
    call: (b, g) => b.forward({ ...g.layer, weights: null as Anything }, g.input),
  },
  {
    name: 'weights.d: 0',
    expect: argument(/weights\.d|input\.x/),
    call: (b, g) => b.forward(withWeights(g, { d: 0 }), g.input),
  },
  {
    name: 'weights.d: 4.5',
    expect: argument(/weights\.d/),
    call: (b, g) => b.forward(withWeights(g, { d: 4.5 }), g.input),
  },
  {
    name: 'weights.f: 0',
    expect: argument(/weights\.f/),
    call: (b, g) => b.forward(withWeights(g, { f: 0 }), g.input),
  },
  {
    name: 'weights.f: -3',
    expect: argument(/weights\.f/),
    call: (b, g) => b.forward(withWeights(g, { f: -3 }), g.input),
  },
  {
    name: "weights.expert.kind 'relu'",
    expect: argument(/weights\.expert/),
    call: (b, g) => b.forward(withWeights(g, { expert: { kind: 'relu' } }), g.input),
  },
  {
    name: "mlp activation 'tanh'",
    expect: argument(/weights\.expert\.activation/),
    call: (b, g) =>
      b.forward(withWeights(g, { expert: { kind: 'mlp', activation: 'tanh' }, wGate: undefined }), g.input),
  },
  {
    name: 'weights.router one element short',
    expect: argument(/weights\.router/),
    call: (b, g) => b.forward(withWeights(g, { router: g.layer.weights.router.slice(1) }), g.input),
  },
  {
    name: 'weights.router holds NaN',
    expect: argument(/weights\.router/),
    call: (b, g) => {
      const router = Float64Array.from(g.layer.weights.router);
      router[3] = Number.NaN;
      return b.forward(withWeights(g, { router }), g.input);
    },
  },
  {
    name: 'weights.wUp too short',
    expect: argument(/weights\.wUp/),
    call: (b, g) => b.forward(withWeights(g, { wUp: new Float32Array(2) }), g.input),
  },
  {
    name: 'weights.wDown holds Infinity',
    expect: argument(/weights\.wDown/),
    call: (b, g) => {
      const wDown = Float64Array.from(g.layer.weights.wDown);
      wDown[wDown.length - 1] = Number.POSITIVE_INFINITY;
      return b.forward(withWeights(g, { wDown }), g.input);
    },
  },
  {
    name: 'weights.wGate missing for swiglu',
    expect: argument(/weights\.wGate/),
    call: (b, g) => b.forward(withWeights(g, { wGate: undefined }), g.input),
  },
  {
    name: 'weights.wGate given for mlp',
    expect: argument(/weights\.wGate/),
    call: (b, g) => b.forward(withWeights(g, { expert: { kind: 'mlp', activation: 'gelu' } }), g.input),
  },
  {
    name: 'weights.wUp: a string',
    expect: argument(/weights\.wUp/),
    call: (b, g) => b.forward(withWeights(g, { wUp: 'weights' }), g.input),
  },
  {
    name: 'expertInputScale: NaN',
    expect: argument(/expertInputScale/),
    call: (b, g) => b.forward({ ...g.layer, expertInputScale: Number.NaN }, g.input),
  },
  {
    name: 'gateMap of the wrong shape',
    expect: argument(/gateMap/),
    call: (b, g) => b.forward({ ...g.layer, gateMap: new Float32Array(3) }, g.input),
  },
  {
    name: 'prevLogits without a gating residual',
    expect: argument(/prevLogits/),
    call: (b, g) => b.forward(g.layer, { ...g.input, prevLogits: new Float32Array(12) }),
  },
  {
    name: 'params.selectionBias of the wrong length',
    expect: argument(/selectionBias/),
    call: (b, g) => b.forward({ ...g.layer, params: { selectionBias: new Float64Array(3) } }, g.input),
  },
  {
    name: 'params.selectionBias holds NaN',
    expect: argument(/selectionBias/),
    call: (b, g) => b.forward({ ...g.layer, params: { selectionBias: [0, Number.NaN, 0, 0] } }, g.input),
  },
  {
    name: 'MoE++ prevLogits of the wrong shape',
    expect: argument(/prevLogits/),
    call: (b) => {
      const { layer, input } = moePlusPlusCase();
      return b.forward(layer, { ...input, prevLogits: new Float64Array(2) });
    },
  },
  {
    name: 'MoE++ constants missing',
    expect: argument(/constants/),
    call: (b) => {
      const { layer, input } = moePlusPlusCase();
      if (!layer.spec.zeroComputation.includes('constant'))
        return b.forward({ ...layer, spec: { ...layer.spec, zeroComputation: ['constant'] } }, input);
      return b.forward({ ...layer, weights: { ...layer.weights, constants: undefined } }, input);
    },
  },
  {
    name: 'MoE++ token with constant logits (std-normalisation)',
    expect: argument(/logits\[0\]/),
    call: (b) => {
      const { layer, input } = moePlusPlusCase();
      const spec = { ...layer.spec, gatingResidual: false, stdNormalise: { normStd: 1 } };
      return b.forward({ ...layer, spec, gateMap: undefined }, { tokens: input.tokens, x: zeroRow(input) });
    },
  },
  {
    name: 'Ada-K k missing',
    expect: argument(/^k$/),
    call: (b) => {
      const { layer, input } = adaKCase();
      return b.forward(layer, { ...input, k: undefined });
    },
  },
  {
    name: 'Ada-K k above kMax',
    expect: argument(/^k\[0\]$/),
    call: (b) => {
      const { layer, input } = adaKCase();
      return b.forward(layer, { ...input, k: Int32Array.from([99, 0, 0]) });
    },
  },
  {
    name: 'Ada-K k of the wrong length',
    expect: argument(/^k$/),
    call: (b) => {
      const { layer, input } = adaKCase();
      return b.forward(layer, { ...input, k: Int32Array.from([1]) });
    },
  },
  {
    name: 'Ada-K k = 0 for every token (documented: empty slots, y = 0)',
    expect: resolves,
    call: async (b) => {
      const { layer, input } = adaKCase();
      const { y } = await b.forward(layer, { ...input, k: new Int32Array(input.tokens) });
      if (Array.from(y).some((value) => value !== 0)) throw new Error('k = 0 must give y = 0');
    },
  },
  {
    name: 'DynMoE thresholds missing',
    expect: argument(/params\.thresholds/),
    call: (b) => {
      const { layer, input } = dynMoECase();
      return b.forward({ ...layer, params: undefined }, input);
    },
  },
  {
    name: 'DynMoE thresholds hold Infinity',
    expect: argument(/params\.thresholds/),
    call: (b) => {
      const { layer, input } = dynMoECase();
      return b.forward({ ...layer, params: { thresholds: [0, Number.POSITIVE_INFINITY, 0, 0] } }, input);
    },
  },
  {
    name: 'intermediates beyond the memory cap (T = 65536, f = 16384)',
    expect: { kind: 'code', code: 'unsupported' },
    call: (b) => {
      const tokens = 65536;
      const f = 16384;
      const layer: MoeLayerV1 = {
        spec: { ...adaMoE, zeroComputation: [], selection: { kind: 'top-k', k: 2 } },
        weights: {
          d: 1,
          f,
          expert: { kind: 'mlp', activation: 'gelu' },
          router: new Float32Array(3).fill(0.5),
          wUp: new Float32Array(3 * f).fill(0.01),
          wDown: new Float32Array(3 * f).fill(0.01),
        },
      };
      return b.forward(layer, { tokens, x: new Float32Array(tokens).fill(1) });
    },
  },
];

function zeroRow(input: LayerInputV1): Float64Array {
  const x = Float64Array.from(input.x);
  x.fill(0, 0, x.length / input.tokens);
  return x;
}

/** Bad inputs of `backward`. */
const backwardCases: BadInputCase[] = [
  {
    name: 'backward with forward: null',
    needsBackward: true,
    expect: argument(/^forward$/),
    call: (b, g) => b.backward(g.layer, g.input, null as Anything, g.gradOutput),
  },
  {
    name: 'backward with a forward made without retainForBackward',
    needsBackward: true,
    expect: argument(/^forward$/),
    call: async (b, g) => b.backward(g.layer, g.input, await b.forward(g.layer, g.input), g.gradOutput),
  },
  {
    name: 'backward with another backend’s forward result',
    needsBackward: true,
    expect: argument(/^forward$/),
    call: async (b, g) =>
      b.backward(g.layer, g.input, { ...g.forward, saved: { kind: 'someone-else' } }, g.gradOutput),
  },
  {
    name: 'backward with gradOutput one element short',
    needsBackward: true,
    expect: argument(/gradOutput/),
    call: async (b, g) => {
      const forward = await b.forward(g.layer, g.input, { retainForBackward: true });
      return b.backward(g.layer, g.input, forward, g.gradOutput.slice(1));
    },
  },
  {
    name: 'backward with gradOutput holding NaN',
    needsBackward: true,
    expect: argument(/gradOutput/),
    call: async (b, g) => {
      const forward = await b.forward(g.layer, g.input, { retainForBackward: true });
      const gradOutput = Float64Array.from(g.gradOutput);
      gradOutput[1] = Number.NaN;
      return b.backward(g.layer, g.input, forward, gradOutput);
    },
  },
  {
    name: 'backward with gradOutput: null',
    needsBackward: true,
    expect: argument(/gradOutput/),
    call: async (b, g) => {
      const forward = await b.forward(g.layer, g.input, { retainForBackward: true });
      return b.backward(g.layer, g.input, forward, null as Anything);
    },
  },
  {
    name: 'backward with an input of another batch size',
    needsBackward: true,
    expect: argument(/^input\.tokens$/),
    call: async (b, g) => {
      const forward = await b.forward(g.layer, g.input, { retainForBackward: true });
      const d = g.layer.weights.d;
      return b.backward(
        g.layer,
        { tokens: 2, x: g.input.x.slice(0, 2 * d) },
        forward,
        g.gradOutput.slice(0, 2 * d),
      );
    },
  },
  {
    name: 'backward with options.logitsGrad of the wrong shape',
    needsBackward: true,
    expect: argument(/logitsGrad/),
    call: async (b, g) => {
      const forward = await b.forward(g.layer, g.input, { retainForBackward: true });
      return b.backward(g.layer, g.input, forward, g.gradOutput, { logitsGrad: new Float64Array(5) });
    },
  },
  {
    name: 'backward with options.scoresGrad holding Infinity',
    needsBackward: true,
    expect: argument(/scoresGrad/),
    call: async (b, g) => {
      const forward = await b.forward(g.layer, g.input, { retainForBackward: true });
      const scoresGrad = new Float64Array(g.input.tokens * 4);
      scoresGrad[0] = Number.POSITIVE_INFINITY;
      return b.backward(g.layer, g.input, forward, g.gradOutput, { scoresGrad });
    },
  },
  {
    name: 'backward with gradOutput = 1e30 (overflow reported, never NaN)',
    needsBackward: true,
    expect: finite(/gradOutput/),
    call: async (b, g) => {
      const forward = await b.forward(g.layer, g.input, { retainForBackward: true });
      return b.backward(g.layer, g.input, forward, new Float64Array(g.gradOutput.length).fill(1e30));
    },
  },
];

/** Bad and edge inputs of `route` and `routeBackward`. */
const routeCases: BadInputCase[] = [
  {
    name: 'route(null, input)',
    expect: argument(/spec/),
    call: (b, g) => b.route(null as Anything, g.routeInput),
  },
  {
    name: 'route(spec, null)',
    expect: argument(/^input$/),
    call: (b, g) => b.route(g.layer.spec, null as Anything),
  },
  {
    name: 'route with neither logits nor x',
    expect: argument(/^input$/),
    call: (b, g) => b.route(g.layer.spec, { tokens: 3 }),
  },
  {
    name: 'route with both logits and x',
    expect: argument(/^input$/),
    call: (b, g) => b.route(g.layer.spec, { ...g.routeInput, logits: new Float64Array(12) }),
  },
  {
    name: 'route logits of the wrong shape',
    expect: argument(/^logits$/),
    call: (b, g) => b.route(g.layer.spec, { tokens: 3, logits: new Float64Array(11) }),
  },
  {
    name: 'route logits holding NaN',
    expect: argument(/^logits$/),
    call: (b, g) => b.route(g.layer.spec, logitsInput([0, 1, Number.NaN, 2])),
  },
  {
    name: "route tokens '1'",
    expect: argument(/tokens/),
    call: (b, g) => b.route(g.layer.spec, { tokens: '1' as Anything, logits: new Float64Array(4) }),
  },
  {
    name: 'route x without d',
    expect: argument(/^input$/),
    call: (b, g) => b.route(g.layer.spec, { ...g.routeInput, d: undefined }),
  },
  {
    name: 'route d: 0',
    expect: argument(/^d$/),
    call: (b, g) => b.route(g.layer.spec, { ...g.routeInput, d: 0 }),
  },
  {
    name: 'route router of the wrong shape',
    expect: argument(/^router$/),
    call: (b, g) => b.route(g.layer.spec, { ...g.routeInput, router: new Float64Array(7) }),
  },
  {
    name: 'route logits near float32 max',
    expect: finite(/logits/),
    call: async (b, g) => (await b.route(g.layer.spec, logitsInput([3.4e38, -3.4e38, 1e38, 0]))).slotWeight,
  },
  {
    name: 'route logits of 1e-30 (nearly tied)',
    expect: finite(/logits/),
    call: async (b, g) => (await b.route(g.layer.spec, logitsInput([1e-30, 0, -1e-30, 2e-30]))).slotWeight,
  },
  {
    name: 'route AdaMoE logits [0, -1, -2, 200]',
    expect: finite(/logits/),
    call: async (b) => (await b.route(adaMoE, logitsInput([0, -1, -2, 200]))).slotWeight,
  },
  {
    name: 'route all-equal logits (ties to the lower id)',
    expect: resolves,
    call: async (b, g) => {
      const routing = await b.route(g.layer.spec, logitsInput([2, 2, 2, 2]));
      const k = (g.layer.spec.selection as { k: number }).k;
      const chosen = Array.from(routing.slotExpert.subarray(0, k));
      if (chosen.join() !== Array.from({ length: k }, (_, index) => index).join())
        throw new Error(`ties must go to the lower ids, got [${chosen}]`);
    },
  },
  {
    name: 'route MoE++ constant row',
    expect: argument(/^logits\[1\]$/),
    call: (b) =>
      b.route(
        { ...adaMoE, stdNormalise: { normStd: 1 }, selection: { kind: 'top-k', k: 2 } },
        logitsInput([0, 1, 2, 3, 5, 5, 5, 5]),
      ),
  },
  {
    name: 'route MoE++ nearly constant row',
    expect: argument(/^logits\[0\]$/),
    call: (b) =>
      b.route(
        { ...adaMoE, stdNormalise: { normStd: 1 }, selection: { kind: 'top-k', k: 2 } },
        logitsInput([1, 1 + 1e-7, 1, 1]),
      ),
  },
  {
    name: 'routeBackward weightCotangent of the wrong length',
    needsBackward: true,
    expect: argument(/^weightCotangent$/),
    call: (b) => b.routeBackward(adaMoE, logitsInput([0, 1, 2, 3]), new Float64Array(3)),
  },
  {
    name: 'routeBackward weightCotangent holding NaN',
    needsBackward: true,
    expect: argument(/^weightCotangent$/),
    call: (b) => b.routeBackward(adaMoE, logitsInput([0, 1, 2, 3]), Float64Array.from([0, Number.NaN, 0, 0])),
  },
  {
    name: 'routeBackward weightCotangent: null',
    needsBackward: true,
    expect: argument(/^weightCotangent$/),
    call: (b) => b.routeBackward(adaMoE, logitsInput([0, 1, 2, 3]), null as Anything),
  },
  {
    name: 'routeBackward AdaMoE logits [0, -1, -2, 400] (finite gradients)',
    needsBackward: true,
    expect: finite(/logits/),
    call: async (b) =>
      (await b.routeBackward(adaMoE, logitsInput([0, -1, -2, 400]), Float64Array.from([0.5, -2, 0.25, 3])))
        .logits,
  },
];

/** Every backend case: forward, backward, route and routeBackward. */
export const backendBadInputCases: readonly BadInputCase[] = [
  ...forwardCases,
  ...backwardCases,
  ...routeCases,
];
