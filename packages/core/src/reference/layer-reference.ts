import type { LayerForwardResultV1 } from '../contracts/kernel-backend-v1.ts';
import type {
  ExpertTensorV1,
  LayerGradsV1,
  LayerInputV1,
  MoeLayerV1,
  RouteInputV1,
} from '../contracts/layer-v1.ts';
import type { ExpertPlanV1 } from '../contracts/routing-v1.ts';
import { InvalidArgumentError, UnsupportedError } from '../errors/anyk-error.ts';
import { requireExpertTensor } from '../util/half-tensor.ts';
import {
  firstNonFiniteIndex,
  requireInteger,
  requireNumber,
  requireObject,
  requireTensor,
} from '../util/validate.ts';
import { buildExpertPlan } from './build-expert-plan.ts';
import { type ExpertActivations, type ExpertWeights, expertBackward, expertForward } from './expert-ffn.ts';
import { routeBackwardReference } from './route-backward-reference.ts';
import { type RoutingTrace, routeReference } from './route-reference.ts';
import {
  type SharedExpertsTrace,
  sharedExpertsBackward,
  sharedExpertsForward,
  validateSharedExperts,
} from './shared-experts.ts';
import { totalExperts, validateRouterSpec } from './validate-spec.ts';
import { constantExpertIndices, constantExpertMix, zeroExpertsBackward } from './zero-experts.ts';

/** Everything the reference layer forward computed, for its backward pass. */
export interface LayerTrace {
  readonly routing: RoutingTrace;
  readonly plan: ExpertPlanV1;
  /** `[T, d]` the experts' input (`expertInputScale * x`). */
  readonly expertInput: Float64Array;
  /** Per plan row, the expert's intermediates. */
  readonly rows: readonly ExpertActivations[];
  /** The shared experts' gates and intermediates, when the layer has shared experts. */
  readonly shared?: SharedExpertsTrace | undefined;
  /** `[T, d]` the layer output. */
  readonly y: Float64Array;
}

/** Checks a layer's weights against its spec and returns the number of constant experts. */
export function validateLayer(layer: MoeLayerV1<ExpertTensorV1>): number {
  if (layer === null || typeof layer !== 'object')
    throw new InvalidArgumentError('layer', 'an MoE layer object ({ spec, weights })', layer);
  const { spec, weights } = layer;
  validateRouterSpec(spec);
  requireObject('weights', weights);
  requireInteger('weights.d', weights.d, { min: 1 });
  requireInteger('weights.f', weights.f, { min: 1 });
  const { d, f } = weights;
  const experts = spec.numExperts;
  const total = totalExperts(spec);
  const kind = weights.expert?.kind;
  if (kind !== 'swiglu' && kind !== 'mlp') {
    throw new InvalidArgumentError('weights.expert.kind', '"swiglu" or "mlp"', kind);
  }
  if (
    weights.expert.kind === 'mlp' &&
    weights.expert.activation !== 'silu' &&
    weights.expert.activation !== 'gelu'
  ) {
    throw new InvalidArgumentError(
      'weights.expert.activation',
      '"silu" or "gelu"',
      weights.expert.activation,
    );
  }
  if (spec.logits.kind === 'cosine') requireTensor('weights.router', weights.router, [d, experts]);
  else requireTensor('weights.router', weights.router, [total, d]);
  if (kind === 'swiglu') requireExpertTensor('weights.wGate', weights.wGate, [experts, f, d]);
  else if (weights.wGate !== undefined)
    throw new InvalidArgumentError('weights.wGate', 'absent for "mlp" experts', 'given');
  requireExpertTensor('weights.wUp', weights.wUp, [experts, f, d]);
  requireExpertTensor('weights.wDown', weights.wDown, [experts, d, f]);
  const constants = spec.zeroComputation.filter((zeroKind) => zeroKind === 'constant').length;
  if (constants > 0) {
    requireTensor('weights.constants.wc', weights.constants?.wc, [constants, 2, d]);
    requireTensor('weights.constants.v', weights.constants?.v, [constants, d]);
  }
  validateSharedExperts(layer);
  if (layer.gateMap !== undefined) requireTensor('gateMap', layer.gateMap, [total, total]);
  if (layer.expertInputScale !== undefined) requireNumber('expertInputScale', layer.expertInputScale);
  return constants;
}

/** The route input of a layer call. */
export function layerRouteInput(layer: MoeLayerV1<ExpertTensorV1>, input: LayerInputV1): RouteInputV1 {
  return {
    tokens: input.tokens,
    x: input.x,
    router: layer.weights.router,
    d: layer.weights.d,
    prevLogits: input.prevLogits,
    gateMap: input.prevLogits !== undefined ? layer.gateMap : undefined,
    k: input.k,
    params: layer.params,
  };
}

function expertWeights(layer: MoeLayerV1, expert: number): ExpertWeights {
  const { weights } = layer;
  return {
    kind: weights.expert,
    d: weights.d,
    f: weights.f,
    expert,
    wGate: weights.wGate,
    wUp: weights.wUp,
    wDown: weights.wDown,
  };
}

/**
 * Reference MoE layer forward: route, stable plan, per-row expert FFN, then the gather combine in slot
 * order with zero (0), copy (`w x`) and constant (`w (a1 x + a2 v)`) experts as per-token terms.
 */
export function layerForwardReference(
  layer: MoeLayerV1,
  input: LayerInputV1,
  options: {
    readonly maxMemoryBytes?: number | undefined;
    /** `[T, N]` 1/0: replaces the selection rule's choice (testing, see `routeReference`). */
    readonly selectionOverride?: Uint8Array | undefined;
  } = {},
): LayerTrace {
  validateLayer(layer);
  const { spec, weights } = layer;
  const d = weights.d;
  validateLayerInput(input, d);
  const maxMemoryBytes = options.maxMemoryBytes ?? Number.POSITIVE_INFINITY;
  // Routing holds about 16 `[T, N]` float64 arrays; refuse before allocating them.
  assertWithinMemoryCap('reference', input.tokens * totalExperts(spec) * 8 * 16, maxMemoryBytes);
  const routed = routeReference(spec, layerRouteInput(layer, input), options.selectionOverride);
  const tokens = input.tokens;
  const plan = buildExpertPlan(routed.result, spec.numExperts);
  // Each expert row keeps its gate, up, hidden and output activations (float64) for the backward pass.
  const rowCount = plan.rowToken.length;
  assertWithinMemoryCap(
    'reference',
    rowCount * (3 * weights.f + 2 * d) * 8 + tokens * d * 8 * 3,
    maxMemoryBytes,
  );
  const scale = layer.expertInputScale ?? 1;
  const expertInput = new Float64Array(tokens * d);
  for (let index = 0; index < tokens * d; index++) expertInput[index] = scale * input.x[index]!;

  const rows: ExpertActivations[] = [];
  for (let expert = 0; expert < spec.numExperts; expert++) {
    const ffn = expertWeights(layer, expert);
    for (let row = plan.expertOffset[expert]!; row < plan.expertOffset[expert + 1]!; row++) {
      rows[row] = expertForward(ffn, expertInput, plan.rowToken[row]! * d);
    }
  }

  const constants = constantExpertIndices(spec);
  const { kMax, slotExpert, slotWeight, kCount } = routed.result;
  const y = new Float64Array(tokens * d);
  for (let t = 0; t < tokens; t++) {
    for (let j = 0; j < kCount[t]!; j++) {
      const slot = t * kMax + j;
      const expert = slotExpert[slot]!;
      const weight = slotWeight[slot]!;
      if (expert < spec.numExperts) {
        const output = (rows[plan.slotRow[slot]!] as ExpertActivations).output;
        for (let i = 0; i < d; i++) y[t * d + i] = y[t * d + i]! + weight * output[i]!;
        continue;
      }
      const zeroIndex = expert - spec.numExperts;
      const kind = spec.zeroComputation[zeroIndex];
      if (kind === 'copy') {
        for (let i = 0; i < d; i++) y[t * d + i] = y[t * d + i]! + weight * expertInput[t * d + i]!;
      } else if (kind === 'constant') {
        const constant = constants[zeroIndex]!;
        const wc = weights.constants?.wc as ArrayLike<number>;
        const [a1, a2] = constantExpertMix(wc, constant, d, expertInput, t * d, 1);
        const v = weights.constants?.v as ArrayLike<number>;
        for (let i = 0; i < d; i++) {
          const output = a1 * expertInput[t * d + i]! + a2 * v[constant * d + i]!;
          y[t * d + i] = y[t * d + i]! + weight * output;
        }
      }
    }
  }
  if (weights.shared === undefined) return { routing: routed, plan, expertInput, rows, y };
  const shared = sharedExpertsForward(layer, input.x, expertInput, tokens, routed.result.sharedWeight, y);
  // The layer's routing reports every shared gate's weights (router-only calls only the softmax-mixed ones).
  const routing = { ...routed, result: { ...routed.result, sharedWeight: shared.gates } };
  return { routing, plan, expertInput, rows, shared, y };
}

/**
 * Checks a layer call's input against the layer's hidden size `d`, naming `input`, `input.tokens` or
 * `input.x` (before anything reads them, so `forward(layer, null)` is a typed error, not a `TypeError`).
 */
export function validateLayerInput(input: LayerInputV1, d: number): void {
  if (input === null || typeof input !== 'object')
    throw new InvalidArgumentError('input', 'an object ({ tokens, x })', input);
  requireInteger('input.tokens', input.tokens, { min: 0 });
  requireTensor('input.x', input.x, [input.tokens, d]);
}

/**
 * Checks that a backward call's input is the batch its forward result was made from: a different token
 * count is `InvalidArgumentError` naming `input.tokens` (it used to surface as a shape error of an
 * internal cotangent).
 */
export function validateBackwardInput(input: LayerInputV1, forward: LayerForwardResultV1): void {
  if (forward === null || typeof forward !== 'object' || typeof forward.routing?.tokens !== 'number')
    throw new InvalidArgumentError('forward', 'the result of forward() made with retainForBackward', forward);
  if (input === null || typeof input !== 'object')
    throw new InvalidArgumentError('input', 'an object ({ tokens, x })', input);
  const tokens = forward.routing.tokens;
  if (input.tokens !== tokens) {
    throw new InvalidArgumentError(
      'input.tokens',
      `${tokens}, the token count of the forward result`,
      input.tokens,
    );
  }
}

/**
 * Refuses a call whose intermediates would take more than `maxMemoryBytes`, before allocating them: an
 * `UnsupportedError` naming the backend's `maxMemoryBytes` option.
 */
export function assertWithinMemoryCap(backend: string, bytes: number, maxMemoryBytes: number): void {
  if (bytes > maxMemoryBytes) {
    throw new UnsupportedError(
      `a call needing ${Math.ceil(bytes / 2 ** 20)} MiB of intermediates`,
      `the ${backend} backend's memory cap is ${Math.floor(maxMemoryBytes / 2 ** 20)} MiB (option maxMemoryBytes)`,
    );
  }
}

/**
 * A result computed from finite inputs must be finite: an overflow (float32 saturates near 3.4e38, float64
 * near 1.8e308) is an `InvalidArgumentError` naming the input responsible, never silent NaN or Infinity.
 */
export function assertFiniteResult(result: ArrayLike<number>, resultName: string, argument: string): void {
  const index = firstNonFiniteIndex(result);
  if (index >= 0) {
    throw new InvalidArgumentError(
      argument,
      `small enough for this backend's arithmetic (${resultName}[${index}] overflowed to ${result[index]})`,
      'values that overflow',
    );
  }
}

/**
 * Reference layer backward: gradients of `sum(y * gradOutput)` plus optional extra cotangents at the
 * logits/scores (auxiliary losses), w.r.t. x, the router matrix, the router parameters and every expert
 * weight. Experts that received no token get zero gradient.
 */
export function layerBackwardReference(
  layer: MoeLayerV1,
  input: LayerInputV1,
  trace: LayerTrace,
  gradOutput: ArrayLike<number>,
  extra: { logitsGrad?: ArrayLike<number> | undefined; scoresGrad?: ArrayLike<number> | undefined } = {},
): LayerGradsV1 {
  const { spec, weights } = layer;
  const { d, f } = weights;
  const tokens = input.tokens;
  const experts = spec.numExperts;
  const total = totalExperts(spec);
  requireTensor('gradOutput', gradOutput, [tokens, d]);
  const { routing, plan, expertInput, rows } = trace;
  const { kMax, slotExpert, slotWeight, kCount } = routing.result;

  const weightsGrad = new Float64Array(tokens * total);
  const expertInputGrad = new Float64Array(tokens * d);
  const wGateGrad = weights.wGate ? new Float64Array(experts * f * d) : undefined;
  const wUpGrad = new Float64Array(experts * f * d);
  const wDownGrad = new Float64Array(experts * d * f);
  for (let t = 0; t < tokens; t++) {
    for (let j = 0; j < kCount[t]!; j++) {
      const slot = t * kMax + j;
      const expert = slotExpert[slot]!;
      const weight = slotWeight[slot]!;
      if (expert >= experts) continue;
      const activations = rows[plan.slotRow[slot]!] as ExpertActivations;
      let dot = 0;
      const outputGrad = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        const upstream = gradOutput[t * d + i]!;
        dot += upstream * activations.output[i]!;
        outputGrad[i] = weight * upstream;
      }
      weightsGrad[t * total + expert] = dot;
      expertBackward(expertWeights(layer, expert), expertInput, t * d, activations, outputGrad, {
        wGate: wGateGrad,
        wUp: wUpGrad,
        wDown: wDownGrad,
        input: expertInputGrad,
      });
    }
  }
  const constantGrads = zeroExpertsBackward({
    layer,
    slots: routing.result,
    x: expertInput,
    scale: 1,
    gradOutput,
    into: { weights: weightsGrad, expertInput: expertInputGrad },
  });

  const sharedXGrad = new Float64Array(tokens * d);
  const sharedGrads =
    trace.shared !== undefined
      ? sharedExpertsBackward(layer, input.x, expertInput, tokens, trace.shared, gradOutput, {
          expertInputGrad,
          xGrad: sharedXGrad,
          weightsGrad,
          totalColumns: total,
        })
      : undefined;

  const routerGrads = routeBackwardReference(routing, layerRouteInput(layer, input), {
    weights: weightsGrad,
    logits: extra.logitsGrad,
    scores: extra.scoresGrad,
  });
  const scale = layer.expertInputScale ?? 1;
  const xGrad = routerGrads.x ?? new Float64Array(tokens * d);
  for (let index = 0; index < tokens * d; index++) {
    xGrad[index] = xGrad[index]! + scale * expertInputGrad[index]! + sharedXGrad[index]!;
  }
  return {
    ...routerGrads,
    x: xGrad,
    router: routerGrads.router ?? new Float64Array(weights.router.length),
    wGate: wGateGrad,
    wUp: wUpGrad,
    wDown: wDownGrad,
    constants: constantGrads,
    shared: sharedGrads,
  };
}
