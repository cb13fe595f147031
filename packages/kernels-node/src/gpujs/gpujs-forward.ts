import type { ExpertPlanV1, LayerInputV1, MoeLayerV1, RoutingResultV1, SharedExpertsV1 } from '@anyk/core';
import { buildExpertPlan, layerRouteInput, toFloat32, validateLayerInput } from '@anyk/core/internal';
import { routeGpuJs } from './gpujs-route.ts';
import type { GpuJsRuntime } from './gpujs-runtime.ts';
import {
  combineKernel,
  constantMixKernel,
  expertHiddenKernel,
  expertKindCode,
  expertOutputKernel,
  sharedCombineKernel,
  sharedGateCode,
  sharedGateKernel,
  zeroKindCode,
} from './kernels/index.ts';

/** What one gpu.js layer forward returns. */
export interface GpuJsForward {
  readonly y: Float32Array;
  readonly routing: RoutingResultV1;
  readonly plan: ExpertPlanV1;
}

/**
 * One MoE layer on gpu.js: routing (`routeGpuJs`), the stable plan built on the host with core's
 * `buildExpertPlan` (a count/scan/scatter gpu.js cannot express), the grouped expert FFN as two gpu.js
 * kernels over the plan's rows, MoE++ constant-expert mixes, and the gather combine with zero, copy and
 * constant experts; shared experts run through the same two FFN kernels as segments of every token with
 * their own width, and a last kernel adds them with their gates. Every expert reads `expertInputScale * x`.
 */
export async function forwardGpuJs(
  runtime: GpuJsRuntime,
  layer: MoeLayerV1,
  input: LayerInputV1,
): Promise<GpuJsForward> {
  runtime.validator.validate(layer);
  validateLayerInput(input, layer.weights.d);
  const routing = await routeGpuJs(runtime, layer.spec, layerRouteInput(layer, input));
  const { spec, weights } = layer;
  const { d, f } = weights;
  const tokens = input.tokens;
  const experts = spec.numExperts;
  const plan = buildExpertPlan(routing, experts);
  const x = toFloat32(input.x);
  const inputScale = layer.expertInputScale ?? 1;

  // Grouped FFN over the plan's rows.
  const rows = plan.expertOffset[experts]!;
  const rowExpert = new Float32Array(rows);
  for (let expert = 0; expert < experts; expert++) {
    rowExpert.fill(expert, plan.expertOffset[expert]!, plan.expertOffset[expert + 1]!);
  }
  const expertKind = weights.expert.kind === 'swiglu' ? 'swiglu' : weights.expert.activation;
  const hidden = await runtime.run(expertHiddenKernel, [f, rows], {
    x,
    wGate: weights.wGate !== undefined ? toFloat32(weights.wGate) : new Float32Array(1),
    wUp: toFloat32(weights.wUp),
    rowToken: Float32Array.from(plan.rowToken),
    rowExpert,
    d,
    f,
    inputScale,
    kind: expertKindCode[expertKind],
  });
  const expertRows = await runtime.run(expertOutputKernel, [d, rows], {
    hidden,
    wDown: toFloat32(weights.wDown),
    rowExpert,
    d,
    f,
  });

  // Zero-computation experts: kinds, constant indices and the constant experts' mixes.
  const zeroCount = spec.zeroComputation.length;
  const zeroKind = new Float32Array(Math.max(zeroCount, 1));
  const constantIndex = new Float32Array(Math.max(zeroCount, 1)).fill(-1);
  let constants = 0;
  spec.zeroComputation.forEach((kind, index) => {
    zeroKind[index] = zeroKindCode[kind];
    if (kind === 'constant') constantIndex[index] = constants++;
  });
  let mixFirst: Float32Array = new Float32Array(1);
  let mixSecond: Float32Array = new Float32Array(1);
  let constantValue: Float32Array = new Float32Array(1);
  if (constants > 0 && weights.constants !== undefined) {
    const wc = toFloat32(weights.constants.wc);
    mixFirst = await runtime.run(constantMixKernel, [constants, tokens], { x, wc, d, inputScale, which: 0 });
    mixSecond = await runtime.run(constantMixKernel, [constants, tokens], { x, wc, d, inputScale, which: 1 });
    constantValue = toFloat32(weights.constants.v);
  }

  const y = await runtime.run(combineKernel, [d, tokens], {
    expertRows: rows > 0 ? expertRows : new Float32Array(1),
    x,
    slotExpert: Float32Array.from(routing.slotExpert),
    slotWeight: toFloat32(routing.slotWeight),
    slotRow: Float32Array.from(plan.slotRow),
    zeroKind,
    constantIndex,
    mixFirst,
    mixSecond,
    constantValue,
    d,
    kMax: routing.kMax,
    experts,
    constants: Math.max(constants, 1),
    inputScale,
  });
  if (weights.shared === undefined || tokens === 0) return { y, routing, plan };
  const shared = await sharedExpertsGpuJs(runtime, layer, weights.shared, x, tokens, routing);
  const withShared = await runtime.run(sharedCombineKernel, [d, tokens], {
    y,
    sharedRows: shared.rows,
    gates: shared.gates,
    d,
    tokens,
    count: weights.shared.count,
  });
  // The layer's routing reports every shared gate's weights, as the reference does.
  return { y: withShared, routing: { ...routing, sharedWeight: shared.gates }, plan };
}

/**
 * The shared experts' outputs `[S T, d]` (expert-major, every token once) through the routed experts'
 * FFN kernels with the shared width, and their gates `[T, S]`.
 */
async function sharedExpertsGpuJs(
  runtime: GpuJsRuntime,
  layer: MoeLayerV1,
  shared: SharedExpertsV1,
  x: Float32Array,
  tokens: number,
  routing: RoutingResultV1,
): Promise<{ rows: Float32Array; gates: Float32Array }> {
  const { d, expert } = layer.weights;
  const count = shared.count;
  const rows = count * tokens;
  const rowExpert = new Float32Array(rows);
  const rowToken = new Float32Array(rows);
  for (let s = 0; s < count; s++) {
    rowExpert.fill(s, s * tokens, (s + 1) * tokens);
    for (let t = 0; t < tokens; t++) rowToken[s * tokens + t] = t;
  }
  const expertKind = expert.kind === 'swiglu' ? 'swiglu' : expert.activation;
  const hidden = await runtime.run(expertHiddenKernel, [shared.f, rows], {
    x,
    wGate: shared.wGate !== undefined ? toFloat32(shared.wGate) : new Float32Array(1),
    wUp: toFloat32(shared.wUp),
    rowToken,
    rowExpert,
    d,
    f: shared.f,
    inputScale: layer.expertInputScale ?? 1,
    kind: expertKindCode[expertKind],
  });
  const outputs = await runtime.run(expertOutputKernel, [d, rows], {
    hidden,
    wDown: toFloat32(shared.wDown),
    rowExpert,
    d,
    f: shared.f,
  });
  const gates = await runtime.run(sharedGateKernel, [count, tokens], {
    x,
    gateWeight: shared.gateWeight !== undefined ? toFloat32(shared.gateWeight) : new Float32Array(1),
    routed: routing.sharedWeight !== undefined ? toFloat32(routing.sharedWeight) : new Float32Array(1),
    d,
    count,
    kind: sharedGateCode[shared.gate],
  });
  return { rows: outputs, gates };
}
