import type {
  ExpertKindV1,
  ExpertTensorV1,
  FloatArray,
  MoeLayerV1,
  SharedExpertsGradsV1,
  SharedExpertsV1,
} from '../contracts/layer-v1.ts';
import { InvalidArgumentError } from '../errors/anyk-error.ts';
import { requireExpertTensor } from '../util/half-tensor.ts';
import { requireInteger, requireObject, requireTensor } from '../util/validate.ts';
import { type ExpertActivations, type ExpertWeights, expertBackward, expertForward } from './expert-ffn.ts';

const sharedGates = new Set(['none', 'sigmoid', 'softmax-mixed']);

/**
 * Checks `weights.shared` against the layer: shapes with the shared experts' own width, `gateWeight`
 * exactly for `sigmoid`, and `softmax-mixed` exactly when the router spec has as many shared columns.
 */
export function validateSharedExperts(layer: MoeLayerV1<ExpertTensorV1>): void {
  const { spec, weights } = layer;
  const shared = weights.shared;
  const routerColumns = spec.sharedExperts?.count ?? 0;
  if (shared === undefined) {
    if (routerColumns > 0) {
      throw new InvalidArgumentError(
        'weights.shared',
        `${routerColumns} softmax-mixed shared experts (the router spec has shared columns)`,
        'absent',
      );
    }
    return;
  }
  requireObject('weights.shared', shared);
  requireInteger('weights.shared.count', shared.count, { min: 1 });
  requireInteger('weights.shared.f', shared.f, { min: 1 });
  if (!sharedGates.has(shared.gate)) {
    throw new InvalidArgumentError(
      'weights.shared.gate',
      '"none", "sigmoid" or "softmax-mixed"',
      shared.gate,
    );
  }
  const { d } = weights;
  const { count, f } = shared;
  if (weights.expert.kind === 'swiglu')
    requireExpertTensor('weights.shared.wGate', shared.wGate, [count, f, d]);
  else if (shared.wGate !== undefined)
    throw new InvalidArgumentError('weights.shared.wGate', 'absent for "mlp" experts', 'given');
  requireExpertTensor('weights.shared.wUp', shared.wUp, [count, f, d]);
  requireExpertTensor('weights.shared.wDown', shared.wDown, [count, d, f]);
  if (shared.gate === 'sigmoid') requireTensor('weights.shared.gateWeight', shared.gateWeight, [d]);
  else if (shared.gateWeight !== undefined)
    throw new InvalidArgumentError('weights.shared.gateWeight', 'only given for gate "sigmoid"', 'given');
  if (shared.gate === 'softmax-mixed' && routerColumns !== count) {
    throw new InvalidArgumentError(
      'weights.shared.count',
      `the router spec's sharedExperts.count (${routerColumns}) for gate "softmax-mixed"`,
      count,
    );
  }
  if (shared.gate !== 'softmax-mixed' && routerColumns > 0) {
    throw new InvalidArgumentError(
      'weights.shared.gate',
      '"softmax-mixed" (the router spec has shared columns)',
      shared.gate,
    );
  }
}

/** Shared expert `s` as an expert of the stacked `[S, f_s, d]` tensors (the layer's kind, its own width). */
export function sharedExpertWeights(
  kind: ExpertKindV1,
  d: number,
  shared: SharedExpertsV1,
  s: number,
): ExpertWeights {
  return { kind, d, f: shared.f, expert: s, wGate: shared.wGate, wUp: shared.wUp, wDown: shared.wDown };
}

const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));

/**
 * `[T, S]` each token's weight of each shared expert: 1 (`none`), `sigmoid(x_t . gateWeight)` on every
 * shared expert (`sigmoid`), or the router's joint-softmax share (`softmax-mixed`, read from the routing).
 */
export function sharedExpertGates(
  shared: SharedExpertsV1<ExpertTensorV1>,
  x: ArrayLike<number>,
  tokens: number,
  d: number,
  routedShare: FloatArray | undefined,
): Float64Array {
  const count = shared.count;
  const gates = new Float64Array(tokens * count);
  if (shared.gate === 'none') return gates.fill(1);
  if (shared.gate === 'softmax-mixed') {
    gates.set(requireTensor('routing.sharedWeight', routedShare, [tokens, count]));
    return gates;
  }
  const row = shared.gateWeight as FloatArray;
  for (let t = 0; t < tokens; t++) {
    let dot = 0;
    for (let i = 0; i < d; i++) dot += x[t * d + i]! * row[i]!;
    gates.fill(sigmoid(dot), t * count, (t + 1) * count);
  }
  return gates;
}

/** Intermediates of the shared experts on every token. */
export interface SharedExpertsTrace {
  /** `[T, S]` the weights `a_ts`. */
  readonly gates: Float64Array;
  /** Index `s * T + t`: shared expert s on token t. */
  readonly rows: readonly ExpertActivations[];
}

/** Adds `sum_s a_ts Shared_s(input_t)` into `y` and returns the intermediates for the backward pass. */
export function sharedExpertsForward(
  layer: MoeLayerV1,
  x: ArrayLike<number>,
  expertInput: Float64Array,
  tokens: number,
  routedShare: FloatArray | undefined,
  y: Float64Array,
): SharedExpertsTrace {
  const { weights } = layer;
  const shared = weights.shared as SharedExpertsV1;
  const d = weights.d;
  const gates = sharedExpertGates(shared, x, tokens, d, routedShare);
  const rows: ExpertActivations[] = [];
  for (let s = 0; s < shared.count; s++) {
    const ffn = sharedExpertWeights(weights.expert, d, shared, s);
    for (let t = 0; t < tokens; t++) {
      const activations = expertForward(ffn, expertInput, t * d);
      rows[s * tokens + t] = activations;
      const gate = gates[t * shared.count + s]!;
      for (let i = 0; i < d; i++) y[t * d + i] = y[t * d + i]! + gate * activations.output[i]!;
    }
  }
  return { gates, rows };
}

/**
 * Backward of the shared experts for `sum(y * gradOutput)`: their weight gradients, the expert-input
 * gradient (accumulated into `expertInputGrad`), and the gate paths (`sharedGateBackward`).
 */
export function sharedExpertsBackward(
  layer: MoeLayerV1,
  x: ArrayLike<number>,
  expertInput: Float64Array,
  tokens: number,
  trace: SharedExpertsTrace,
  gradOutput: ArrayLike<number>,
  into: {
    expertInputGrad: Float64Array;
    xGrad: Float64Array;
    weightsGrad: Float64Array;
    totalColumns: number;
  },
): SharedExpertsGradsV1 {
  const { weights } = layer;
  const shared = weights.shared as SharedExpertsV1;
  const { d } = weights;
  const { count, f } = shared;
  const wGate = shared.wGate ? new Float64Array(count * f * d) : undefined;
  const wUp = new Float64Array(count * f * d);
  const wDown = new Float64Array(count * d * f);
  const gateCotangent = new Float64Array(tokens * count);
  const outputGrad = new Float64Array(d);
  for (let s = 0; s < count; s++) {
    const ffn = sharedExpertWeights(weights.expert, d, shared, s);
    for (let t = 0; t < tokens; t++) {
      const activations = trace.rows[s * tokens + t] as ExpertActivations;
      const gate = trace.gates[t * count + s]!;
      let dot = 0;
      for (let i = 0; i < d; i++) {
        const upstream = gradOutput[t * d + i]!;
        dot += upstream * activations.output[i]!;
        outputGrad[i] = gate * upstream;
      }
      gateCotangent[t * count + s] = dot;
      expertBackward(ffn, expertInput, t * d, activations, outputGrad, {
        wGate,
        wUp,
        wDown,
        input: into.expertInputGrad,
      });
    }
  }
  const gateWeight = sharedGateBackward(shared, x, tokens, d, trace.gates, gateCotangent, into);
  return { wGate, wUp, wDown, gateWeight };
}

/**
 * The gate paths of the shared experts, from `gateCotangent [T, S]` (`d sum(y g) / d a_ts`, i.e.
 * `g_t . Shared_s(x_t)`): `sigmoid` returns the gate row's gradient and adds the x path into `xGrad`;
 * `softmax-mixed` writes the router's shared columns of `weightsGrad [T, N]` (the route backward carries it
 * through the joint softmax); `none` has no path.
 */
export function sharedGateBackward(
  shared: SharedExpertsV1,
  x: ArrayLike<number>,
  tokens: number,
  d: number,
  gates: ArrayLike<number>,
  gateCotangent: ArrayLike<number>,
  into: { xGrad: Float64Array; weightsGrad: Float64Array; totalColumns: number },
): Float64Array | undefined {
  const count = shared.count;
  if (shared.gate === 'softmax-mixed') {
    const firstSharedColumn = into.totalColumns - count;
    for (let t = 0; t < tokens; t++) {
      for (let s = 0; s < count; s++)
        into.weightsGrad[t * into.totalColumns + firstSharedColumn + s] = gateCotangent[t * count + s]!;
    }
    return undefined;
  }
  if (shared.gate !== 'sigmoid') return undefined;
  const row = shared.gateWeight as FloatArray;
  const gateWeight = new Float64Array(d);
  for (let t = 0; t < tokens; t++) {
    // One gate per token, on every shared expert: the cotangents add up before the sigmoid derivative.
    let cotangent = 0;
    for (let s = 0; s < count; s++) cotangent += gateCotangent[t * count + s]!;
    const gate = gates[t * count]!;
    const logitCotangent = cotangent * gate * (1 - gate);
    for (let i = 0; i < d; i++) {
      gateWeight[i] = gateWeight[i]! + logitCotangent * x[t * d + i]!;
      into.xGrad[t * d + i] = into.xGrad[t * d + i]! + logitCotangent * row[i]!;
    }
  }
  return gateWeight;
}
