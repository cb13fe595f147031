import {
  assertTensor,
  type BackwardOptionsV1,
  type FloatArray,
  InvalidArgumentError,
  type LayerForwardResultV1,
  type LayerGradsV1,
  type LayerInputV1,
  type MoeLayerV1,
  type RouterGradsV1,
  routeBackwardReference,
  totalExperts,
  zeroExpertsBackward,
} from '@anyk/core';
import { type CommandRecorder, itemGrid, type ReadbackRequest } from '../gpu/command-recorder.ts';
import { itemWorkgroupSize } from '../kernels/params.wgsl.ts';
import type { LayerDeviceWeights } from '../layer/encode-layer.ts';
import { encodeLayerBackward } from '../layer/encode-layer-backward.ts';
import { kernelSources } from '../layer/kernel-sources.ts';
import { checkSupported, type WebGpuCallContext } from './webgpu-call-context.ts';
import type { WebGpuForwardSaved } from './webgpu-forward.ts';

/** The float64 gradients the device's expert backward and the host's terms accumulate into. */
interface ExpertGradAccumulators {
  /** `[T, E + Z]` the combine weights' gradient (rows' from the device, zero experts' from the host). */
  readonly weights: Float64Array;
  /** `[T, d]` the expert input's gradient (before the input scale). */
  readonly expertInput: Float64Array;
  readonly wGate: Float64Array | undefined;
  readonly wUp: Float64Array;
  readonly wDown: Float64Array;
}

/**
 * `KernelBackendV1.backward`: gradients of `sum(y * gradOutput)` (plus `options`' extra logits / scores
 * gradients) for a forward made with `retainForBackward`. The real experts' FFN backward runs on the device
 * (`encodeLayerBackward`: 7 dispatches, a token's rows summed there too), then the host does the
 * zero-computation experts' terms and the O(T E) router backward with core's shared code, float64; with
 * linear logits the router GEMM's two products (`dZ W_router`, `dZ^T x`) run on the device after it (2
 * dispatches, so the experts' results are read back once inside the call); with DynMoE's cosine logits they
 * stay on the host.
 */
export async function backwardLayer(
  context: WebGpuCallContext,
  layer: MoeLayerV1,
  input: LayerInputV1,
  forward: LayerForwardResultV1,
  gradOutput: FloatArray,
  options: BackwardOptionsV1,
): Promise<LayerGradsV1> {
  const saved = savedOf(forward);
  context.validator.validate(layer);
  const spec = layer.spec;
  checkSupported(spec, totalExperts(spec));
  const { d, f } = layer.weights;
  const tokens = saved.trace.tokens;
  if (input === null || typeof input !== 'object' || input.tokens !== tokens) {
    throw new InvalidArgumentError('input.tokens', `the forward's ${tokens}`, input?.tokens);
  }
  assertTensor('x', input.x, [tokens, d]);
  assertTensor('gradOutput', gradOutput, [tokens, d]);
  const experts = spec.numExperts;
  const scale = layer.expertInputScale ?? 1;
  const grads: ExpertGradAccumulators = {
    weights: new Float64Array(tokens * totalExperts(spec)),
    expertInput: new Float64Array(tokens * d),
    wGate: layer.weights.expert.kind === 'swiglu' ? new Float64Array(experts * f * d) : undefined,
    wUp: new Float64Array(experts * f * d),
    wDown: new Float64Array(experts * d * f),
  };
  const rows = saved.plan.expertOffset[experts] as number;
  // Linear logits came from the device in the kept forward: the router GEMM's backward runs there too.
  const deviceRouter = saved.routeInput.logits !== undefined;
  let host: ReturnType<typeof hostBackward> | undefined;
  let deviceRouterGrads: { x: Float32Array; router: Float32Array } | undefined;
  if (rows > 0 || deviceRouter) {
    await context.runWithWeights('backward', tokens, layer.weights, async (recorder, resident) => {
      const x = recorder.upload(input.x, 'f32');
      if (rows > 0) {
        await expertFfnBackward(recorder, resident, saved, { x, gradOutput, scale, deviceRouter }, grads);
      }
      host = hostBackward(layer, input, saved, gradOutput, options, grads);
      if (deviceRouter) {
        const shape = { tokens, total: totalExperts(spec) };
        deviceRouterGrads = await routerGemmBackward(recorder, resident, x, host.router.logits, shape);
      }
    });
  } else {
    host = hostBackward(layer, input, saved, gradOutput, options, grads);
  }
  const { router: routerGrads, constants } = host as ReturnType<typeof hostBackward>;
  const xGrad = routerGrads.x ?? Float64Array.from(deviceRouterGrads?.x ?? new Float32Array(tokens * d));
  for (let index = 0; index < tokens * d; index++) {
    xGrad[index] = (xGrad[index] as number) + scale * (grads.expertInput[index] as number);
  }
  return {
    ...routerGrads,
    x: xGrad,
    router:
      routerGrads.router ??
      (deviceRouterGrads
        ? Float64Array.from(deviceRouterGrads.router)
        : new Float64Array(layer.weights.router.length)),
    wGate: grads.wGate,
    wUp: grads.wUp,
    wDown: grads.wDown,
    constants,
  };
}

/** The saved part of a forward result, which must come from this backend with `retainForBackward`. */
function savedOf(forward: LayerForwardResultV1): WebGpuForwardSaved {
  const saved = (forward as LayerForwardResultV1 | undefined)?.saved as WebGpuForwardSaved | undefined;
  if (saved?.kind !== 'anyk-webgpu-forward') {
    throw new InvalidArgumentError('forward', 'a webgpu forward result made with retainForBackward', 'none');
  }
  return saved;
}

/**
 * The real experts' FFN backward on the device over the forward's plan, read back into `grads`: the
 * expert input's gradient, each plan row's combine-weight gradient (scattered to its token and expert) and
 * the weight gradients (`W_in` split into gate and up rows for SwiGLU). With the router on the device this
 * read-back is not the call's last (`readbackInsideLayer`).
 */
async function expertFfnBackward(
  recorder: CommandRecorder,
  resident: LayerDeviceWeights,
  saved: WebGpuForwardSaved,
  call: { x: GPUBuffer; gradOutput: FloatArray; scale: number; deviceRouter: boolean },
  grads: ExpertGradAccumulators,
): Promise<void> {
  const { trace, plan } = saved;
  const { d, f } = resident;
  const tokens = trace.tokens;
  const experts = plan.numExperts;
  const total = grads.weights.length / tokens;
  const rows = plan.expertOffset[experts] as number;
  const { kMax, slotExpert, slotWeight } = trace.result;
  const rowWeight = new Float32Array(rows);
  for (let row = 0; row < rows; row++) rowWeight[row] = slotWeight[plan.rowSlot[row] as number] as number;
  const buffers = encodeLayerBackward(recorder, {
    weights: resident,
    plan,
    tokens,
    x: call.x,
    gradOutput: recorder.upload(call.gradOutput, 'f32'),
    rowWeight,
    slotExpert,
    kMax,
    expertInputScale: call.scale,
  });
  const requests: ReadbackRequest[] = [
    { buffer: buffers.inputGrad, elements: tokens * d, kind: 'f32' },
    { buffer: buffers.rowWeightGrad, elements: rows, kind: 'f32' },
    { buffer: buffers.wInGrad, elements: experts * buffers.inRows * d, kind: 'f32' },
    { buffer: buffers.wDownGrad, elements: experts * d * f, kind: 'f32' },
  ];
  const [inputGrad, rowWeightGrad, wInGrad, wDown] = (await (call.deviceRouter
    ? recorder.readbackInsideLayer(requests)
    : recorder.readback(requests))) as Float32Array[];
  grads.expertInput.set(inputGrad!);
  for (let row = 0; row < rows; row++) {
    const slot = plan.rowSlot[row] as number;
    const token = Math.floor(slot / kMax);
    grads.weights[token * total + (slotExpert[slot] as number)] = rowWeightGrad![row] as number;
  }
  // W_in's gradient is [E, inRows, d]: gate rows then up rows of each expert for SwiGLU.
  for (let expert = 0; expert < experts; expert++) {
    const base = expert * buffers.inRows * d;
    if (grads.wGate) {
      grads.wGate.set(wInGrad!.subarray(base, base + f * d), expert * f * d);
      grads.wUp.set(wInGrad!.subarray(base + f * d, base + 2 * f * d), expert * f * d);
    } else {
      grads.wUp.set(wInGrad!.subarray(base, base + f * d), expert * f * d);
    }
  }
  grads.wDown.set(wDown!);
}

/**
 * The host's part, float64 with core's shared code: the zero-computation experts' terms (into `grads`), then
 * the O(T E) router backward from the combine weights' gradient.
 */
function hostBackward(
  layer: MoeLayerV1,
  input: LayerInputV1,
  saved: WebGpuForwardSaved,
  gradOutput: FloatArray,
  options: BackwardOptionsV1,
  grads: ExpertGradAccumulators,
): { router: RouterGradsV1; constants: LayerGradsV1['constants'] } {
  const constants = zeroExpertsBackward({
    layer,
    slots: saved.trace.result,
    x: input.x,
    scale: layer.expertInputScale ?? 1,
    gradOutput,
    into: { weights: grads.weights, expertInput: grads.expertInput },
  });
  const router = routeBackwardReference(saved.trace, saved.routeInput, {
    weights: grads.weights,
    logits: options.logitsGrad,
    scores: options.scoresGrad,
  });
  return { router, constants };
}

/** The router GEMM's backward on the device: `dx = dZ W_router` and `dW_router = dZ^T x`, one read-back. */
async function routerGemmBackward(
  recorder: CommandRecorder,
  resident: LayerDeviceWeights,
  x: GPUBuffer,
  logitsGrad: FloatArray,
  shape: { tokens: number; total: number },
): Promise<{ x: Float32Array; router: Float32Array }> {
  const { d } = resident;
  const { tokens, total } = shape;
  const dZ = recorder.upload(logitsGrad, 'f32');
  const params = recorder.uniform({ tokens });
  const inputGrad = recorder.storage(tokens * d);
  const matrixGrad = recorder.storage(total * d);
  recorder.dispatch(
    kernelSources.routerBackward('input', d, total),
    { params, dZ, other: resident.router, out: inputGrad },
    itemGrid(tokens * d, itemWorkgroupSize),
  );
  recorder.dispatch(
    kernelSources.routerBackward('weights', d, total),
    { params, dZ, other: x, out: matrixGrad },
    itemGrid(total * d, itemWorkgroupSize),
  );
  const [inputResult, matrixResult] = (await recorder.readback([
    { buffer: inputGrad, elements: tokens * d, kind: 'f32' },
    { buffer: matrixGrad, elements: total * d, kind: 'f32' },
  ])) as Float32Array[];
  return { x: inputResult!, router: matrixResult! };
}
