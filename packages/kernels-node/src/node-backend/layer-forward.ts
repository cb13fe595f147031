import {
  assertInteger,
  assertTensor,
  buildExpertPlan,
  constantExpertIndices,
  constantExpertMix,
  type ExpertPlanV1,
  type LayerInputV1,
  type MoeLayerV1,
  type RouteInputV1,
  type RoutingTrace,
  routeReference,
  totalExperts,
} from '@anyk/core';
import type { GemmGroup, GemvGroup } from '../pool/worker-tasks.ts';
import { type KernelRuntime, view } from './kernel-runtime.ts';
import type { PreparedLayer } from './prepared-layer.ts';

/** Token counts up to this use the small-batch path (raw weights streamed once per selected expert). */
export const decodeTokenLimit = 8;

/** What `backward` needs from a node forward (kept in JS memory, not in the shared memory). */
export interface NodeForwardSaved {
  readonly kind: 'anyk-node-forward';
  readonly trace: RoutingTrace;
  readonly routeInput: RouteInputV1;
  readonly plan: ExpertPlanV1;
  /** `[N, inRows]` pre-activations (gate | up halves for swiglu). */
  readonly gu: Float32Array;
  /** `[N, fPad]` activations. */
  readonly h: Float32Array;
  /** `[N]` router weight of each plan row. */
  readonly rowWeight: Float32Array;
}

export interface ForwardOutcome {
  readonly y: Float32Array;
  readonly trace: RoutingTrace;
  readonly plan: ExpertPlanV1;
  readonly saved: NodeForwardSaved | undefined;
}

/**
 * Route: the router GEMM `x W^T` runs on the f64 microkernel (routing is discontinuous, so logits are
 * formed in float64 and decisions match the float64 reference except on exact ties); scoring and
 * selection (O(T E)) reuse core's reference semantics.
 */
export async function routeLayer(
  runtime: KernelRuntime,
  layer: MoeLayerV1,
  prepared: PreparedLayer | undefined,
  input: {
    tokens: number;
    x: ArrayLike<number>;
    xAddress?: number;
    prevLogits?: ArrayLike<number> | undefined;
    k?: Int32Array | undefined;
    gateMap?: ArrayLike<number> | undefined;
    params?: MoeLayerV1['params'];
  },
  router: ArrayLike<number>,
  d: number,
): Promise<{ trace: RoutingTrace; routeInput: RouteInputV1 }> {
  const { spec } = layer;
  const tokens = input.tokens;
  const common = {
    tokens,
    prevLogits: input.prevLogits as RouteInputV1['prevLogits'],
    gateMap: (input.prevLogits !== undefined ? input.gateMap : undefined) as RouteInputV1['gateMap'],
    k: input.k,
    params: input.params,
  };
  if (spec.logits.kind !== 'linear' || prepared?.packedRouter === undefined || tokens === 0) {
    const routeInput: RouteInputV1 = {
      ...common,
      x: input.x as RouteInputV1['x'],
      router: router as RouteInputV1['router'],
      d,
    };
    return { trace: routeReference(spec, routeInput), routeInput };
  }
  const total = totalExperts(spec);
  if (tokens <= decodeTokenLimit) {
    // A decode step's router product (tokens x total x d, e.g. 4 x 8 x 1024) costs less in float64 here
    // than a round trip to the pool.
    const logits = new Float64Array(tokens * total);
    if (input.x instanceof Float32Array && router instanceof Float32Array) {
      // Monomorphic typed reads: the generic `ArrayLike` loop below cost ~4x more per step.
      smallRouterLogits(input.x, router, tokens, total, d, logits);
      const routeInput: RouteInputV1 = { ...common, logits };
      return { trace: routeReference(spec, routeInput), routeInput };
    }
    for (let t = 0; t < tokens; t++) {
      for (let expert = 0; expert < total; expert++) {
        let sum = 0;
        for (let i = 0; i < d; i++)
          sum += (input.x[t * d + i] as number) * (router[expert * d + i] as number);
        logits[t * total + expert] = sum;
      }
    }
    const routeInput: RouteInputV1 = { ...common, logits };
    return { trace: routeReference(spec, routeInput), routeInput };
  }
  const xAddress = input.xAddress ?? runtime.upload(input.x, 'f32');
  const logitsAddress = runtime.arena.allocate(tokens * total * 8);
  try {
    await runtime.gemm('f64', [
      {
        rows: tokens,
        depth: d,
        a: view(xAddress, 'f32', d, 1),
        packedB: prepared.packedRouter.address,
        panelStrideBytes: prepared.packedRouter.panelStrideBytes,
        layout: prepared.packedRouter.layout,
        c: logitsAddress,
        cStride: total,
        accumulate: false,
        epilogue: { kind: 'none' },
      },
    ]);
    const logits = runtime.arena.f64().slice(logitsAddress / 8, logitsAddress / 8 + tokens * total);
    const routeInput: RouteInputV1 = { ...common, logits };
    return { trace: routeReference(spec, routeInput), routeInput };
  } finally {
    runtime.arena.release(logitsAddress);
    if (input.xAddress === undefined) runtime.arena.release(xAddress);
  }
}

/** `logits[t][e] = sum_i x[t][i] router[e][i]` in float64 (same summation order as the generic loop). */
function smallRouterLogits(
  x: Float32Array,
  router: Float32Array,
  tokens: number,
  total: number,
  d: number,
  logits: Float64Array,
): void {
  for (let t = 0; t < tokens; t++) {
    const xBase = t * d;
    for (let expert = 0; expert < total; expert++) {
      const routerBase = expert * d;
      let sum = 0;
      for (let i = 0; i < d; i++) sum += x[xBase + i]! * router[routerBase + i]!;
      logits[t * total + expert] = sum;
    }
  }
}

/** One MoE layer forward on the CPU backend (see README: route, plan, grouped FFN, gather combine). */
export async function layerForward(
  runtime: KernelRuntime,
  layer: MoeLayerV1,
  prepared: PreparedLayer,
  input: LayerInputV1,
  retain: boolean,
): Promise<ForwardOutcome> {
  const { spec, weights } = layer;
  const { d, f, dPad, fPad, inRows } = prepared;
  assertInteger('tokens', input.tokens, 0);
  const tokens = input.tokens;
  assertTensor('x', input.x, [tokens, d]);
  const experts = spec.numExperts;
  const scale = layer.expertInputScale ?? 1;
  const blocks: number[] = [];
  const allocate = (bytes: number, zero = true): number => {
    const address = runtime.arena.allocate(bytes, { zero });
    blocks.push(address);
    return address;
  };
  const upload = (...args: Parameters<KernelRuntime['upload']>): number => {
    const address = runtime.upload(...args);
    blocks.push(address);
    return address;
  };
  try {
    const xAddress = upload(input.x, 'f32');
    const { trace, routeInput } = await routeLayer(
      runtime,
      layer,
      prepared,
      { ...input, xAddress, gateMap: layer.gateMap, params: layer.params },
      weights.router,
      d,
    );
    const plan = buildExpertPlan(trace.result, experts);
    const rows = plan.expertOffset[experts]!;
    const { kMax, slotExpert, slotWeight, kCount } = trace.result;
    const rowWeight = new Float32Array(rows);
    for (let row = 0; row < rows; row++) rowWeight[row] = slotWeight[plan.rowSlot[row]!]!;

    // Expert outputs stay in shared memory until the combine has read them (no copy).
    let expertOut: Float32Array<ArrayBufferLike> = new Float32Array(0);
    let expertOutBase = 0;
    let gu = new Float32Array(0);
    let h = new Float32Array(0);
    if (rows > 0) {
      // The kernels write every column the forward reads; the pad columns of gu and h (f..fPad) are
      // zeroed only when they are kept for backward.
      const guAddress = allocate(rows * inRows * 4, retain);
      const hAddress = allocate(rows * fPad * 4, retain);
      const yAddress = allocate(rows * d * 4, false);
      const activation = weights.expert.kind === 'swiglu' ? 'swiglu' : weights.expert.activation;
      if (tokens <= decodeTokenLimit) {
        // Small batch: gather the expert inputs (N <= 8 kMax rows) and stream each selected expert's packed
        // panels once, as one sequential read.
        const gathered = gatherRows(input.x, plan.rowToken, d, dPad, scale);
        const gatheredAddress = upload(gathered, 'f32');
        const up: GemvGroup[] = [];
        const down: GemvGroup[] = [];
        for (let expert = 0; expert < experts; expert++) {
          const offset = plan.expertOffset[expert]!;
          const count = plan.expertOffset[expert + 1]! - offset;
          if (count === 0) continue;
          const packedIn = prepared.packedIn[expert]!;
          const packedDown = prepared.packedDown[expert]!;
          up.push({
            rows: count,
            depth: d,
            a: gatheredAddress + offset * dPad * 4,
            aStride: dPad,
            w: prepared.inRaw + expert * inRows * dPad * 4,
            wStride: dPad,
            packed: { address: packedIn.address, panelStrideBytes: packedIn.panelStrideBytes },
            layout: prepared.inLayout,
            c: guAddress + offset * inRows * 4,
            cStride: inRows,
            epilogue: { kind: 'activation', activation, h: hAddress + offset * fPad * 4, hStride: fPad },
          });
          down.push({
            rows: count,
            depth: f,
            a: hAddress + offset * fPad * 4,
            aStride: fPad,
            w: prepared.downRaw + expert * d * fPad * 4,
            wStride: fPad,
            packed: { address: packedDown.address, panelStrideBytes: packedDown.panelStrideBytes },
            layout: { columns: d, interleaveHalf: 0 },
            c: yAddress + offset * d * 4,
            cStride: d,
            epilogue: { kind: 'none' },
          });
        }
        await runtime.gemvSequence([runtime.gemvTask(up), runtime.gemvTask(down)]);
      } else {
        const expertInput =
          scale === 1 ? xAddress : upload(input.x, 'f32', { rows: tokens, columns: d, stride: d, scale });
        const rowTokenAddress = allocate(rows * 4);
        runtime.arena.i32().set(plan.rowToken, rowTokenAddress / 4);
        const up: GemmGroup[] = [];
        const down: GemmGroup[] = [];
        for (let expert = 0; expert < experts; expert++) {
          const offset = plan.expertOffset[expert]!;
          const count = plan.expertOffset[expert + 1]! - offset;
          if (count === 0) continue;
          const packedIn = prepared.packedIn[expert]!;
          const packedDown = prepared.packedDown[expert]!;
          up.push({
            rows: count,
            depth: d,
            a: view(expertInput, 'f32', d, 1, { indexI: rowTokenAddress + offset * 4 }),
            packedB: packedIn.address,
            panelStrideBytes: packedIn.panelStrideBytes,
            layout: packedIn.layout,
            c: guAddress + offset * inRows * 4,
            cStride: inRows,
            accumulate: false,
            epilogue: { kind: 'activation', activation, h: hAddress + offset * fPad * 4, hStride: fPad },
          });
          down.push({
            rows: count,
            depth: f,
            a: view(hAddress + offset * fPad * 4, 'f32', fPad, 1),
            packedB: packedDown.address,
            panelStrideBytes: packedDown.panelStrideBytes,
            layout: packedDown.layout,
            c: yAddress + offset * d * 4,
            cStride: d,
            accumulate: false,
            epilogue: { kind: 'none' },
          });
        }
        await runtime.gemm('f32', up);
        await runtime.gemm('f32', down);
      }
      const f32 = runtime.arena.f32();
      expertOut = f32;
      expertOutBase = yAddress / 4;
      if (retain) {
        gu = f32.slice(guAddress / 4, guAddress / 4 + rows * inRows);
        h = f32.slice(hAddress / 4, hAddress / 4 + rows * fPad);
      }
    }

    // Gather combine, in slot order: the router weight scales each expert's output here (in float64, with
    // the accumulation), not in a GEMM epilogue; zero-computation experts are per-token terms.
    const y = new Float32Array(tokens * d);
    const constants = constantExpertIndices(spec);
    const wc = weights.constants?.wc;
    const v = weights.constants?.v;
    const x = input.x;
    const accumulator = new Float64Array(d);
    for (let t = 0; t < tokens; t++) {
      accumulator.fill(0);
      for (let j = 0; j < kCount[t]!; j++) {
        const slot = t * kMax + j;
        const expert = slotExpert[slot]!;
        const weight = slotWeight[slot]!;
        if (expert < experts) {
          const base = expertOutBase + plan.slotRow[slot]! * d;
          for (let i = 0; i < d; i++) accumulator[i]! += weight * expertOut[base + i]!;
          continue;
        }
        const kind = spec.zeroComputation[expert - experts];
        if (kind === 'copy') {
          for (let i = 0; i < d; i++) accumulator[i]! += weight * scale * (x[t * d + i] as number);
        } else if (kind === 'constant' && wc && v) {
          const constant = constants[expert - experts]!;
          const [a1, a2] = constantExpertMix(wc, constant, d, x, t * d, scale);
          for (let i = 0; i < d; i++) {
            accumulator[i]! +=
              weight * (a1 * scale * (x[t * d + i] as number) + a2 * (v[constant * d + i] as number));
          }
        }
      }
      y.set(accumulator, t * d);
    }
    const saved: NodeForwardSaved | undefined = retain
      ? { kind: 'anyk-node-forward', trace, routeInput, plan, gu, h, rowWeight }
      : undefined;
    return { y, trace, plan, saved };
  } finally {
    for (const address of blocks) runtime.arena.release(address);
  }
}

/**
 * `[rows, dPad]` copy of `scale * x[rowToken[row]]` (zero pad columns). Typed-array rows are copied natively:
 * a decode step runs this a few times per layer call, too rarely for an element loop to get optimised.
 */
function gatherRows(
  x: ArrayLike<number>,
  rowToken: ArrayLike<number>,
  d: number,
  dPad: number,
  scale: number,
): Float32Array {
  const rows = rowToken.length;
  const gathered = new Float32Array(rows * dPad);
  for (let row = 0; row < rows; row++) {
    const from = (rowToken[row] as number) * d;
    if (ArrayBuffer.isView(x)) {
      gathered.set((x as unknown as Float32Array).subarray(from, from + d), row * dPad);
    } else {
      for (let i = 0; i < d; i++) gathered[row * dPad + i] = x[from + i] as number;
    }
    if (scale !== 1) for (let i = 0; i < d; i++) gathered[row * dPad + i]! *= scale;
  }
  return gathered;
}
