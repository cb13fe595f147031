import type {
  ExpertPlanV1,
  ExpertTensorV1,
  ForwardOptionsV1,
  LayerForwardResultV1,
  LayerInputV1,
  MoeLayerV1,
  RouteInputV1,
} from '@anyk/core';
import {
  layerRouteInput,
  type RoutingTrace,
  routeReference,
  validateLayerInput,
  validateRouterExtras,
  validateRouterSpec,
} from '@anyk/core/internal';
import { type CommandRecorder, itemGrid } from '../gpu/command-recorder.ts';
import { itemWorkgroupSize } from '../kernels/params.wgsl.ts';
import { encodeLayer, type LayerDeviceWeights } from '../layer/encode-layer.ts';
import { kernelSources } from '../layer/kernel-sources.ts';
import {
  emptyPlan,
  emptyRouting,
  planFromReadback,
  planReadback,
  routingFromReadback,
  routingReadback,
} from './routing-readback.ts';
import { checkLayerMemory, checkSupported, type WebGpuCallContext } from './webgpu-call-context.ts';

/** What a forward made with `retainForBackward` keeps (host memory only: the routing and the plan). */
export interface WebGpuForwardSaved {
  readonly kind: 'anyk-webgpu-forward';
  /** Core's float64 routing of the forward (its slots are what the device ran; `trace.tokens` its batch). */
  readonly trace: RoutingTrace;
  readonly routeInput: RouteInputV1;
  readonly plan: ExpertPlanV1;
}

/** The host routing of a kept forward: core's float64 trace and the route input it was made from. */
interface HostRouting {
  readonly trace: RoutingTrace;
  readonly routeInput: RouteInputV1;
}

/**
 * `KernelBackendV1.forward`: the whole layer on the device (`encodeLayer`), one read-back of the result.
 * A forward kept for `backward` (`retainForBackward`) routes on the host with core's float64 routing rules,
 * so the backward differentiates exactly the routing that ran: from the device's router logits (read back
 * once inside the layer) for linear logits; for DynMoE's cosine logits, and for an empty batch, entirely on
 * the host (`x W^T` in JS). Plan, expert FFN and combine run on the device as always.
 */
export async function forwardLayer(
  context: WebGpuCallContext,
  layer: MoeLayerV1<ExpertTensorV1>,
  input: LayerInputV1,
  options: ForwardOptionsV1 | undefined,
): Promise<LayerForwardResultV1> {
  const { kMax, total } = validateForwardInput(context, layer, input);
  const spec = layer.spec;
  const { d } = layer.weights;
  const tokens = input.tokens;
  const experts = spec.numExperts;
  const retain = options?.retainForBackward === true;
  checkLayerMemory(context, { tokens, kMax, d, f: layer.weights.f, total }, 1);
  let host: HostRouting | undefined =
    retain && (tokens === 0 || spec.logits.kind === 'cosine') ? routeOnHost(layer, input) : undefined;
  if (tokens === 0) {
    const plan = emptyPlan(experts);
    return {
      y: new Float32Array(0),
      routing: host?.trace.result ?? emptyRouting(kMax, layer.weights.shared !== undefined),
      plan,
      saved: host ? savedForward(host, plan) : undefined,
    };
  }
  // Router params and gateMap are per call (they change every training step) and go up with the
  // activations inside encodeLayer; the weights stay resident.
  return context.runWithWeights('forward', tokens, layer.weights, async (recorder, resident) => {
    const x = recorder.upload(input.x, 'f32');
    if (retain && !host) host = await routeFromDeviceLogits(recorder, layer, input, x, resident, total);
    const buffers = encodeLayer(recorder, {
      spec,
      kMax,
      tokens,
      x,
      weights: resident,
      params: layer.params,
      prevLogits: input.prevLogits,
      gateMap: input.prevLogits !== undefined ? layer.gateMap : undefined,
      k: input.k,
      expertInputScale: layer.expertInputScale ?? 1,
      hostSlots: host?.trace.result,
      hostSharedWeight: host?.trace.result.sharedWeight,
      tiling: context.tiling,
      subgroups: context.subgroups,
    });
    const routingRequests = buffers.routing ? routingReadback(buffers.routing, tokens, total, kMax) : [];
    const sharedCount = layer.weights.shared?.count ?? 0;
    const results = await recorder.readback([
      ...routingRequests,
      { buffer: buffers.y, elements: tokens * d, kind: 'f32' },
      ...(buffers.sharedWeight
        ? [{ buffer: buffers.sharedWeight, elements: tokens * sharedCount, kind: 'f32' } as const]
        : []),
      ...planReadback(buffers, tokens, experts, kMax),
    ]);
    const routingResults = results.splice(0, routingRequests.length);
    const [y] = results.splice(0, 1) as Float32Array[];
    // The layer reports every shared gate's weights `[T, S]` in its routing (core's contract).
    const sharedWeight = buffers.sharedWeight ? (results.splice(0, 1)[0] as Float32Array) : undefined;
    const plan = planFromReadback(results, experts);
    const routing = host ? host.trace.result : routingFromReadback(routingResults, tokens, kMax, spec);
    const withShared = sharedWeight ? { ...routing, sharedWeight } : routing;
    if (host) return { y: y!, routing: withShared, plan, saved: savedForward(host, plan) };
    return { y: y!, routing: withShared, plan };
  });
}

/** Core's validation of a layer call (weights scanned once per object); returns `kMax` and `E + Z`. */
function validateForwardInput(
  context: WebGpuCallContext,
  layer: MoeLayerV1<ExpertTensorV1>,
  input: LayerInputV1,
): { kMax: number; total: number } {
  context.validator.validate(layer);
  const spec = layer.spec;
  const { kMax, totalExperts: total } = validateRouterSpec(spec);
  checkSupported(spec, total);
  validateLayerInput(input, layer.weights.d);
  validateRouterExtras(
    spec,
    {
      tokens: input.tokens,
      prevLogits: input.prevLogits,
      gateMap: input.prevLogits !== undefined ? layer.gateMap : undefined,
      k: input.k,
      params: layer.params,
    },
    total,
  );
  return { kMax, total };
}

/** Core's float64 routing of the layer's own route input (`x W^T` on the host). */
function routeOnHost(layer: MoeLayerV1<ExpertTensorV1>, input: LayerInputV1): HostRouting {
  const routeInput = layerRouteInput(layer, input);
  return { trace: routeReference(layer.spec, routeInput), routeInput };
}

/**
 * The router logits formed on the device (the one read-back inside a kept forward), then core's float64
 * routing of them on the host.
 */
async function routeFromDeviceLogits(
  recorder: CommandRecorder,
  layer: MoeLayerV1<ExpertTensorV1>,
  input: LayerInputV1,
  x: GPUBuffer,
  resident: LayerDeviceWeights,
  total: number,
): Promise<HostRouting> {
  const tokens = input.tokens;
  const logits = recorder.storage(tokens * total);
  recorder.dispatch(
    kernelSources.routerLogits(layer.weights.d, total),
    { params: recorder.uniform({ tokens }), x, router: resident.router, logits },
    itemGrid(tokens * total, itemWorkgroupSize),
  );
  const [raw] = await recorder.readbackInsideLayer([
    { buffer: logits, elements: tokens * total, kind: 'f32' },
  ]);
  const { x: _x, router: _router, d: _d, ...extras } = layerRouteInput(layer, input);
  const routeInput: RouteInputV1 = { ...extras, logits: raw as Float32Array };
  return { trace: routeReference(layer.spec, routeInput), routeInput };
}

function savedForward(host: HostRouting, plan: ExpertPlanV1): WebGpuForwardSaved {
  return { kind: 'anyk-webgpu-forward', trace: host.trace, routeInput: host.routeInput, plan };
}
