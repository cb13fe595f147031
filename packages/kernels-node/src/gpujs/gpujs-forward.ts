import type { ExpertPlanV1, LayerInputV1, MoeLayerV1, RoutingResultV1 } from '@anyk/core';
import { buildExpertPlan, layerRouteInput, toFloat32, validateLayerInput } from '@anyk/core';
import { routeGpuJs } from './gpujs-route.ts';
import type { GpuJsRuntime } from './gpujs-runtime.ts';
import {
  combineKernel,
  constantMixKernel,
  expertHiddenKernel,
  expertKindCode,
  expertOutputKernel,
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
 * constant experts. Every expert reads `expertInputScale * x`.
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
  const rows = plan.expertOffset[experts] as number;
  const rowExpert = new Float32Array(rows);
  for (let expert = 0; expert < experts; expert++) {
    rowExpert.fill(expert, plan.expertOffset[expert] as number, plan.expertOffset[expert + 1] as number);
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
  return { y, routing, plan };
}
