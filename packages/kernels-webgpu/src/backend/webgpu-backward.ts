import {
  type BackwardOptionsV1,
  type FloatArray,
  InvalidArgumentError,
  type LayerForwardResultV1,
  type LayerGradsV1,
  type LayerInputV1,
  type MoeLayerV1,
  type RouterGradsV1,
  type SharedExpertGateV1,
  type SharedExpertsGradsV1,
} from '@anyk/core';
import {
  requireTensor,
  routeBackwardReference,
  totalExperts,
  zeroExpertsBackward,
} from '@anyk/core/internal';
import { type CommandRecorder, itemGrid, type ReadbackRequest } from '../gpu/command-recorder.ts';
import { itemWorkgroupSize } from '../kernels/params.wgsl.ts';
import type { LayerDeviceWeights, SharedDeviceWeights } from '../layer/encode-layer.ts';
import { encodeLayerBackward } from '../layer/encode-layer-backward.ts';
import { kernelSources } from '../layer/kernel-sources.ts';
import { sharedExpertPlan } from '../layer/shared-expert-plan.ts';
import { checkLayerMemory, checkSupported, type WebGpuCallContext } from './webgpu-call-context.ts';
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
 * stay on the host. Shared experts run the same 7 expert-backward dispatches once more over their plan
 * (`recordSharedBackward`), read back with the routed experts' results.
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
  requireTensor('x', input.x, [tokens, d]);
  requireTensor('gradOutput', gradOutput, [tokens, d]);
  checkLayerMemory(context, { tokens, kMax: saved.trace.kMax, d, f, total: saved.trace.totalExperts }, 3);
  const experts = spec.numExperts;
  const scale = layer.expertInputScale ?? 1;
  const grads: ExpertGradAccumulators = {
    weights: new Float64Array(tokens * totalExperts(spec)),
    expertInput: new Float64Array(tokens * d),
    wGate: layer.weights.expert.kind === 'swiglu' ? new Float64Array(experts * f * d) : undefined,
    wUp: new Float64Array(experts * f * d),
    wDown: new Float64Array(experts * d * f),
  };
  const rows = saved.plan.expertOffset[experts]!;
  // Linear logits came from the device in the kept forward: the router GEMM's backward runs there too.
  const deviceRouter = saved.routeInput.logits !== undefined;
  const shared = layer.weights.shared;
  let host: ReturnType<typeof hostBackward> | undefined;
  let deviceRouterGrads: { x: Float32Array; router: Float32Array } | undefined;
  let sharedGrads: SharedBackward | undefined;
  if (rows > 0 || deviceRouter || shared) {
    await context.runWithWeights('backward', tokens, layer.weights, async (recorder, resident) => {
      const x = recorder.upload(input.x, 'f32');
      const gradOutputBuffer = recorder.upload(gradOutput, 'f32');
      const call = { x, gradOutput: gradOutputBuffer };
      const pending: PendingGrads[] = [];
      if (rows > 0) pending.push(recordRoutedBackward(recorder, resident, saved, { ...call, scale }, grads));
      if (shared && resident.shared) {
        sharedGrads = recordSharedBackward(recorder, resident, resident.shared, layer, input, {
          ...call,
          scale,
          routedShare: saved.trace.result.sharedWeight,
          weightsGrad: grads.weights,
        });
        pending.push(sharedGrads);
      }
      if (pending.length > 0) {
        const requests = pending.flatMap((part) => part.requests);
        // With the router on the device this is not yet the result: its gradient needs these values.
        const results = (await (deviceRouter
          ? recorder.readbackInsideLayer(requests)
          : recorder.readback(requests))) as Float32Array[];
        for (const part of pending) part.consume(results.splice(0, part.requests.length));
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
    xGrad[index] = xGrad[index]! + scale * grads.expertInput[index]!;
  }
  if (sharedGrads) {
    for (let index = 0; index < tokens * d; index++) {
      xGrad[index] = xGrad[index]! + sharedGrads.inputGrad[index]!;
    }
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
    shared: sharedGrads?.weights,
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

/** Device results one part of the backward recorded, and how it turns them into gradients. */
interface PendingGrads {
  readonly requests: readonly ReadbackRequest[];
  /** Takes the read-back arrays of `requests`, in order. */
  consume(results: readonly Float32Array[]): void;
}

/** The layer's input and output gradient on the device, shared by the routed and the shared experts. */
interface BackwardBuffers {
  readonly x: GPUBuffer;
  readonly gradOutput: GPUBuffer;
}

/**
 * Records the real experts' FFN backward on the device over the forward's plan; its results go into
 * `grads`: the expert input's gradient, each plan row's combine-weight gradient (scattered to its token and
 * expert) and the weight gradients (`W_in` split into gate and up rows for SwiGLU).
 */
function recordRoutedBackward(
  recorder: CommandRecorder,
  resident: LayerDeviceWeights,
  saved: WebGpuForwardSaved,
  call: BackwardBuffers & { scale: number },
  grads: ExpertGradAccumulators,
): PendingGrads {
  const { trace, plan } = saved;
  const { d, f } = resident;
  const tokens = trace.tokens;
  const experts = plan.numExperts;
  const total = grads.weights.length / tokens;
  const rows = plan.expertOffset[experts]!;
  const { kMax, slotExpert, slotWeight } = trace.result;
  const rowWeight = new Float32Array(rows);
  for (let row = 0; row < rows; row++) rowWeight[row] = slotWeight[plan.rowSlot[row]!]!;
  const buffers = encodeLayerBackward(recorder, {
    weights: resident,
    plan,
    tokens,
    x: call.x,
    gradOutput: call.gradOutput,
    rowWeight,
    slotExpert,
    kMax,
    expertInputScale: call.scale,
  });
  return {
    requests: [
      { buffer: buffers.inputGrad, elements: tokens * d, kind: 'f32' },
      { buffer: buffers.rowWeightGrad, elements: rows, kind: 'f32' },
      { buffer: buffers.wInGrad, elements: experts * buffers.inRows * d, kind: 'f32' },
      { buffer: buffers.wDownGrad, elements: experts * d * f, kind: 'f32' },
    ],
    consume([inputGrad, rowWeightGrad, wInGrad, wDown]) {
      grads.expertInput.set(inputGrad!);
      for (let row = 0; row < rows; row++) {
        const slot = plan.rowSlot[row]!;
        const token = Math.floor(slot / kMax);
        grads.weights[token * total + slotExpert[slot]!] = rowWeightGrad![row] as number;
      }
      splitInputWeightGrad(wInGrad!, experts, f, d, grads);
      grads.wDown.set(wDown!);
    },
  };
}

/** `W_in`'s gradient `[E, inRows, d]` (gate rows then up rows of each expert for SwiGLU) into `wGate` / `wUp`. */
function splitInputWeightGrad(
  wInGrad: Float32Array,
  experts: number,
  f: number,
  d: number,
  into: { readonly wGate: Float64Array | undefined; readonly wUp: Float64Array },
): void {
  const inRows = into.wGate ? 2 * f : f;
  for (let expert = 0; expert < experts; expert++) {
    const base = expert * inRows * d;
    if (into.wGate) {
      into.wGate.set(wInGrad.subarray(base, base + f * d), expert * f * d);
      into.wUp.set(wInGrad.subarray(base + f * d, base + 2 * f * d), expert * f * d);
    } else {
      into.wUp.set(wInGrad.subarray(base, base + f * d), expert * f * d);
    }
  }
}

/** The shared experts' part of a backward, filled in when its read-back is consumed. */
interface SharedBackward extends PendingGrads {
  /** `[T, d]` their gradient w.r.t. x. */
  readonly inputGrad: Float64Array;
  readonly weights: SharedExpertsGradsV1;
}

/** What the shared experts' backward needs beyond the layer's buffers. */
interface SharedBackwardCall extends BackwardBuffers {
  readonly scale: number;
  /** `[T, S]` the kept forward's shared weights, for `softmax-mixed` (from the host routing). */
  readonly routedShare: FloatArray | undefined;
  /** `[T, N]` the combine weights' gradient: `softmax-mixed` writes its shared columns. */
  readonly weightsGrad: Float64Array;
}

/**
 * Records the shared experts' backward: the routed experts' own backward kernels (`encodeLayerBackward`)
 * over `sharedExpertPlan` (S segments x T rows) at the shared width, with the shared weights `a_ts` as the
 * rows' combine weights. The sigmoid gate's two small products (`dA_t a_t (1 - a_t)` times `g` and times
 * `x_t`, O(T d)) are done on the host, float64, from the rows' weight gradients. A `softmax-mixed` gate
 * (Uni-MoE-2.0) has no path of its own: the rows' weight gradients are the shared router columns' combine
 * weight gradients, which core's route backward carries through the joint softmax to the logits.
 */
function recordSharedBackward(
  recorder: CommandRecorder,
  resident: LayerDeviceWeights,
  shared: SharedDeviceWeights,
  layer: MoeLayerV1,
  input: LayerInputV1,
  call: SharedBackwardCall,
): SharedBackward {
  const { d } = resident;
  const { count, f } = shared;
  const tokens = input.tokens;
  const gateWeight = layer.weights.shared?.gateWeight;
  const rowWeights = sharedRowWeights(shared.gate, input, d, count, gateWeight, call.routedShare);
  const { plan, slotExpert } = sharedExpertPlan(tokens, count, 1);
  const rowWeight = Float32Array.from(rowWeights);
  const buffers = encodeLayerBackward(recorder, {
    weights: { ...resident, f, wGate: shared.wGate, wUp: shared.wUp, wDown: shared.wDown, shared: undefined },
    plan,
    tokens,
    x: call.x,
    gradOutput: call.gradOutput,
    rowWeight,
    slotExpert,
    kMax: count,
    expertInputScale: call.scale,
  });
  const gated = resident.expert.kind === 'swiglu';
  const weights = {
    wGate: gated ? new Float64Array(count * f * d) : undefined,
    wUp: new Float64Array(count * f * d),
    wDown: new Float64Array(count * d * f),
    gateWeight: shared.gate === 'sigmoid' ? new Float64Array(d) : undefined,
  };
  const inputGrad = new Float64Array(tokens * d);
  return {
    inputGrad,
    weights,
    requests: [
      { buffer: buffers.inputGrad, elements: tokens * d, kind: 'f32' },
      { buffer: buffers.rowWeightGrad, elements: tokens * count, kind: 'f32' },
      { buffer: buffers.wInGrad, elements: count * buffers.inRows * d, kind: 'f32' },
      { buffer: buffers.wDownGrad, elements: count * d * f, kind: 'f32' },
    ],
    consume([sharedInputGrad, rowWeightGrad, wInGrad, wDown]) {
      // The experts saw `s x` (MoE++'s input scale, as the routed experts): d/dx is s times d/d(s x).
      for (let index = 0; index < inputGrad.length; index++) {
        inputGrad[index] = call.scale * (sharedInputGrad![index] as number);
      }
      splitInputWeightGrad(wInGrad!, count, f, d, weights);
      weights.wDown.set(wDown!);
      if (shared.gate === 'softmax-mixed') {
        const total = call.weightsGrad.length / tokens;
        for (let expert = 0; expert < count; expert++) {
          for (let token = 0; token < tokens; token++) {
            call.weightsGrad[token * total + total - count + expert] = rowWeightGrad![
              expert * tokens + token
            ] as number;
          }
        }
        return;
      }
      if (!weights.gateWeight || !gateWeight) return;
      for (let token = 0; token < tokens; token++) {
        let gateGrad = 0;
        for (let expert = 0; expert < count; expert++)
          gateGrad += rowWeightGrad![expert * tokens + token] as number;
        // Row `0 T + t`: the token's one sigmoid gate, shared by its S rows.
        const a = rowWeights[token]!;
        const preGrad = gateGrad * a * (1 - a);
        for (let k = 0; k < d; k++) {
          inputGrad[token * d + k] = inputGrad[token * d + k]! + preGrad * gateWeight[k]!;
          weights.gateWeight[k] = weights.gateWeight[k]! + preGrad * input.x[token * d + k]!;
        }
      }
    },
  };
}

/**
 * `[S T]` the shared rows' weights in plan order (row `s T + t`): 1 for the `none` gate, `sigmoid(x_t . g)`
 * for `sigmoid` (the forward's shared-gate kernel, float64), the kept forward's routed share `a_ts` for
 * `softmax-mixed`.
 */
function sharedRowWeights(
  gate: SharedExpertGateV1,
  input: LayerInputV1,
  d: number,
  count: number,
  gateWeight: FloatArray | undefined,
  routedShare: FloatArray | undefined,
): Float64Array {
  const tokens = input.tokens;
  const rows = new Float64Array(count * tokens);
  for (let token = 0; token < tokens; token++) {
    let weight = 1;
    if (gate === 'sigmoid' && gateWeight) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += input.x[token * d + k]! * gateWeight[k]!;
      weight = 1 / (1 + Math.exp(-dot));
    }
    for (let expert = 0; expert < count; expert++) {
      rows[expert * tokens + token] =
        gate === 'softmax-mixed' ? (routedShare as FloatArray)[token * count + expert]! : weight;
    }
  }
  return rows;
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
