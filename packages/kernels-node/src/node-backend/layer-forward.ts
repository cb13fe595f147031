import type { ExpertPlanV1, ExpertTensorV1, LayerInputV1, MoeLayerV1, RouteInputV1 } from '@anyk/core';
import {
  buildExpertPlan,
  type RoutingTrace,
  requireInteger,
  requireTensor,
  routeReference,
  totalExperts,
} from '@anyk/core/internal';
import type { GemmGroup, GemvGroup } from '../pool/worker-tasks.ts';
import { type KernelRuntime, type PackedMatrix, view } from '../runtime/kernel-runtime.ts';
import { type BankOutputs, combineLayerOutputs } from './combine-layer-outputs.ts';
import { widenPackedPanels } from './half-panels.ts';
import type { PreparedExperts, PreparedLayer } from './prepared-layer.ts';

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
  /** The shared experts' rows (`S T`, expert-major) and their gates, when the layer has shared experts. */
  readonly shared?: SharedBankSaved | undefined;
}

/** What the backward needs of the shared bank: its intermediates and the `[T, S]` float64 gates. */
export interface SharedBankSaved {
  readonly gu: Float32Array;
  readonly h: Float32Array;
  readonly gates: Float64Array;
}

/**
 * The rows one bank of experts runs, as contiguous per-expert segments: the routed bank's rows are the
 * plan's; the shared bank has one segment of all T tokens per shared expert (its own width `f_s`).
 */
export interface BankRows {
  readonly experts: PreparedExperts;
  /** `[count + 1]` segment offsets. */
  readonly offset: Int32Array;
  /** `[rows]` the token of each row. */
  readonly rowToken: Int32Array;
}

/** The shared bank's rows: segment s holds tokens `0..T-1`. */
export function sharedBankRows(experts: PreparedExperts, tokens: number): BankRows {
  const offset = new Int32Array(experts.count + 1);
  const rowToken = new Int32Array(experts.count * tokens);
  for (let s = 0; s < experts.count; s++) {
    offset[s + 1] = (s + 1) * tokens;
    for (let t = 0; t < tokens; t++) rowToken[s * tokens + t] = t;
  }
  return { experts, offset, rowToken };
}

/** Where one bank's forward intermediates live in shared memory. */
interface BankBuffers {
  readonly gu: number;
  readonly h: number;
  readonly y: number;
}

/** Calls `visit` for every non-empty segment of a bank. */
export function forEachSegment(
  bank: BankRows,
  visit: (expert: number, offset: number, count: number) => void,
): void {
  for (let expert = 0; expert < bank.experts.count; expert++) {
    const offset = bank.offset[expert]!;
    const count = bank.offset[expert + 1]! - offset;
    if (count > 0) visit(expert, offset, count);
  }
}

export interface ForwardOutcome {
  readonly y: Float32Array;
  readonly trace: RoutingTrace;
  readonly plan: ExpertPlanV1;
  readonly saved: NodeForwardSaved | undefined;
}

/**
 * Route: the router GEMM `x W^T` runs on the f64 microkernel, or on `linearLogits` when another engine
 * drives the products (routing is discontinuous, so logits are formed in float64 and decisions match the
 * float64 reference except on exact ties); scoring and selection (O(T E)) reuse core's reference semantics.
 */
export async function routeLayer(
  runtime: KernelRuntime,
  layer: MoeLayerV1<ExpertTensorV1>,
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
  linearLogits?: LinearLogits,
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
  const packedRouter = prepared?.packedRouter;
  if (spec.logits.kind !== 'linear' || (packedRouter === undefined && !linearLogits) || tokens === 0) {
    const routeInput: RouteInputV1 = {
      ...common,
      x: input.x as RouteInputV1['x'],
      router: router as RouteInputV1['router'],
      d,
    };
    return { trace: routeReference(spec, routeInput), routeInput };
  }
  const total = totalExperts(spec);
  let logits: Float64Array;
  if (tokens <= decodeTokenLimit) {
    // A decode step's router product (tokens x total x d, e.g. 4 x 8 x 1024) costs less in float64 here
    // than a round trip to the pool or a session.
    logits = new Float64Array(tokens * total);
    if (input.x instanceof Float32Array && router instanceof Float32Array) {
      // Monomorphic typed reads: the generic `ArrayLike` loop below cost ~4x more per step.
      smallRouterLogits(input.x, router, tokens, total, d, logits);
    } else {
      for (let t = 0; t < tokens; t++) {
        for (let expert = 0; expert < total; expert++) {
          let sum = 0;
          for (let i = 0; i < d; i++) sum += input.x[t * d + i]! * router[expert * d + i]!;
          logits[t * total + expert] = sum;
        }
      }
    }
  } else if (linearLogits) {
    logits = await linearLogits();
  } else {
    logits = await wasmRouterLogits(runtime, packedRouter as PackedMatrix, input, total, d);
  }
  const routeInput: RouteInputV1 = { ...common, logits };
  return { trace: routeReference(spec, routeInput), routeInput };
}

/** The router product of an engine other than the WebAssembly GEMM: `[tokens, total]` float64 logits. */
export type LinearLogits = () => Promise<Float64Array>;

/** The router GEMM `x W^T` on the f64 microkernel (f32 inputs, f64 accumulation). */
async function wasmRouterLogits(
  runtime: KernelRuntime,
  packedRouter: PackedMatrix,
  input: { tokens: number; x: ArrayLike<number>; xAddress?: number },
  total: number,
  d: number,
): Promise<Float64Array> {
  const tokens = input.tokens;
  const xAddress = input.xAddress ?? runtime.upload(input.x, 'f32');
  const logitsAddress = runtime.arena.allocate(tokens * total * 8);
  try {
    await runtime.gemm('f64', [
      {
        rows: tokens,
        depth: d,
        a: view(xAddress, 'f32', d, 1),
        packedB: packedRouter.address,
        panelStrideBytes: packedRouter.panelStrideBytes,
        layout: packedRouter.layout,
        c: logitsAddress,
        cStride: total,
        accumulate: false,
        epilogue: { kind: 'none' },
      },
    ]);
    return runtime.arena.f64().slice(logitsAddress / 8, logitsAddress / 8 + tokens * total);
  } finally {
    runtime.arena.release(logitsAddress);
    if (input.xAddress === undefined) runtime.arena.release(xAddress);
  }
}

/**
 * `logits[t][e] = sum_i x[t][i] router[e][i]` in float64, each sum in the generic loop's order. Four experts
 * share a pass over `x[t]`: four independent addition chains instead of one (which waits on each float64
 * addition's latency) took the T = 4, E = 8, d = 1024 product from 64 to 38 µs (medians, same process).
 */
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
    let expert = 0;
    for (; expert + 4 <= total; expert += 4) {
      const base0 = expert * d;
      const base1 = base0 + d;
      const base2 = base1 + d;
      const base3 = base2 + d;
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      for (let i = 0; i < d; i++) {
        const value = x[xBase + i]!;
        sum0 += value * router[base0 + i]!;
        sum1 += value * router[base1 + i]!;
        sum2 += value * router[base2 + i]!;
        sum3 += value * router[base3 + i]!;
      }
      logits[t * total + expert] = sum0;
      logits[t * total + expert + 1] = sum1;
      logits[t * total + expert + 2] = sum2;
      logits[t * total + expert + 3] = sum3;
    }
    for (; expert < total; expert++) {
      const routerBase = expert * d;
      let sum = 0;
      for (let i = 0; i < d; i++) sum += x[xBase + i]! * router[routerBase + i]!;
      logits[t * total + expert] = sum;
    }
  }
}

/**
 * One MoE layer forward on the CPU backend (see README: route, plan, grouped FFN, gather combine). The
 * layer's expert tensors are read only through `prepared` (float or 16-bit panels).
 */
export async function layerForward(
  runtime: KernelRuntime,
  layer: MoeLayerV1<ExpertTensorV1>,
  prepared: PreparedLayer,
  input: LayerInputV1,
  retain: boolean,
): Promise<ForwardOutcome> {
  const { spec, weights } = layer;
  const { d, dPad } = prepared;
  requireInteger('tokens', input.tokens, { min: 0 });
  const tokens = input.tokens;
  // Shape only: the backend's `validateLayerInput` has checked every value is finite (a second scan of a
  // prefill's x cost ~1 ms).
  requireTensor('x', input.x, [tokens, d], { finite: false });
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
    const { plan, rowWeight } = planRows(trace, experts);

    // Two banks through the same grouped GEMMs: the routed experts' plan segments and, when the layer has
    // shared experts, one segment of every token per shared expert (each group carries its own width).
    const banks: BankRows[] = [{ experts: prepared, offset: plan.expertOffset, rowToken: plan.rowToken }];
    if (prepared.shared && tokens > 0) banks.push(sharedBankRows(prepared.shared, tokens));
    const activation = weights.expert.kind === 'swiglu' ? 'swiglu' : weights.expert.activation;
    // The kernels write every column the forward reads; the pad columns of gu and h (f..fPad) are zeroed
    // only when they are kept for backward.
    const buffers: (BankBuffers | undefined)[] = banks.map((bank) => {
      const bankRows = bank.rowToken.length;
      if (bankRows === 0) return undefined;
      return {
        gu: allocate(bankRows * bank.experts.inRows * 4, retain),
        h: allocate(bankRows * bank.experts.fPad * 4, retain),
        y: allocate(bankRows * d * 4, false),
      };
    });
    if (buffers.some((buffer) => buffer !== undefined)) {
      if (tokens <= decodeTokenLimit) {
        // Small batch: gather the expert inputs (N <= 8 kMax rows) and stream each selected expert's packed
        // panels once, as one sequential read.
        const up: GemvGroup[] = [];
        const down: GemvGroup[] = [];
        banks.forEach((bank, index) => {
          const buffer = buffers[index];
          if (!buffer) return;
          const gathered = upload(gatherRows(input.x, bank.rowToken, d, dPad, scale), 'f32');
          bankGemvGroups(bank, buffer, gathered, d, dPad, activation, up, down);
        });
        await runtime.gemvSequence([runtime.gemvTask(up), runtime.gemvTask(down)]);
      } else {
        const expertInput =
          scale === 1 ? xAddress : upload(input.x, 'f32', { rows: tokens, columns: d, stride: d, scale });
        const up: GemmGroup[] = [];
        const down: GemmGroup[] = [];
        for (const [index, bank] of banks.entries()) {
          const buffer = buffers[index];
          if (!buffer) continue;
          const rowTokenAddress = allocate(bank.rowToken.length * 4);
          runtime.arena.i32().set(bank.rowToken, rowTokenAddress / 4);
          const panels = await float32Panels(runtime, bank, blocks);
          bankGemmGroups(bank, panels, buffer, expertInput, rowTokenAddress, d, activation, up, down);
        }
        await runtime.gemm('f32', up);
        await runtime.gemm('f32', down);
      }
    }
    const f32 = runtime.arena.f32();
    const empty = new Float32Array(0);
    // Expert outputs stay in shared memory until the combine has read them (no copy).
    const outputs = (bank: BankRows | undefined, buffer: BankBuffers | undefined): BankOutputs | undefined =>
      bank && buffer
        ? {
            y: f32,
            yBase: buffer.y / 4,
            gu: retain
              ? f32.slice(buffer.gu / 4, buffer.gu / 4 + bank.rowToken.length * bank.experts.inRows)
              : empty,
            h: retain
              ? f32.slice(buffer.h / 4, buffer.h / 4 + bank.rowToken.length * bank.experts.fPad)
              : empty,
          }
        : undefined;
    return combineLayerOutputs({
      layer,
      input,
      trace,
      routeInput,
      plan,
      rowWeight,
      routed: outputs(banks[0], buffers[0]),
      shared: outputs(banks[1], buffers[1]),
      retain,
    });
  } finally {
    for (const address of blocks) runtime.arena.release(address);
  }
}

/** The expert plan of a routing and the router weight of each of its rows. */
export function planRows(
  trace: RoutingTrace,
  experts: number,
): { plan: ExpertPlanV1; rowWeight: Float32Array } {
  const plan = buildExpertPlan(trace.result, experts);
  const rows = plan.expertOffset[experts]!;
  const rowWeight = new Float32Array(rows);
  for (let row = 0; row < rows; row++) rowWeight[row] = trace.result.slotWeight[plan.rowSlot[row]!]!;
  return { plan, rowWeight };
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
    const from = rowToken[row]! * d;
    if (ArrayBuffer.isView(x)) {
      gathered.set((x as unknown as Float32Array).subarray(from, from + d), row * dPad);
    } else {
      for (let i = 0; i < d; i++) gathered[row * dPad + i] = x[from + i]!;
    }
    if (scale !== 1) for (let i = 0; i < d; i++) gathered[row * dPad + i]! *= scale;
  }
  return gathered;
}

/** The float32 panels the prefill GEMM multiplies with, per expert (absent: the expert has no rows). */
interface BankPanels {
  readonly packedIn: readonly (PackedMatrix | undefined)[];
  readonly packedDown: readonly (PackedMatrix | undefined)[];
}

/**
 * A bank's float32 panels: its own, or for a 16-bit bank a per-call widened copy of each expert with rows
 * (the microkernel reads float32; the copies' blocks go to `blocks`, released with the call's others).
 */
async function float32Panels(runtime: KernelRuntime, bank: BankRows, blocks: number[]): Promise<BankPanels> {
  const { experts } = bank;
  const dtype = experts.weights;
  if (dtype === 'f32') return experts;
  const used: number[] = [];
  forEachSegment(bank, (expert) => used.push(expert));
  const sources = used.flatMap((expert) => [experts.packedIn[expert]!, experts.packedDown[expert]!]);
  const widened = await widenPackedPanels(runtime, sources, dtype);
  for (const matrix of widened) blocks.push(matrix.address);
  const packedIn: (PackedMatrix | undefined)[] = [];
  const packedDown: (PackedMatrix | undefined)[] = [];
  used.forEach((expert, index) => {
    packedIn[expert] = widened[2 * index];
    packedDown[expert] = widened[2 * index + 1];
  });
  return { packedIn, packedDown };
}

/** The up (with the activation epilogue) and down GEMM groups of one bank's segments. */
function bankGemmGroups(
  bank: BankRows,
  panels: BankPanels,
  buffer: BankBuffers,
  expertInput: number,
  rowTokenAddress: number,
  d: number,
  activation: 'swiglu' | 'silu' | 'gelu',
  up: GemmGroup[],
  down: GemmGroup[],
): void {
  const { experts } = bank;
  const { inRows, fPad, f } = experts;
  forEachSegment(bank, (expert, offset, count) => {
    const packedIn = panels.packedIn[expert]!;
    const packedDown = panels.packedDown[expert]!;
    up.push({
      rows: count,
      depth: d,
      a: view(expertInput, 'f32', d, 1, { indexI: rowTokenAddress + offset * 4 }),
      packedB: packedIn.address,
      panelStrideBytes: packedIn.panelStrideBytes,
      layout: packedIn.layout,
      c: buffer.gu + offset * inRows * 4,
      cStride: inRows,
      accumulate: false,
      epilogue: { kind: 'activation', activation, h: buffer.h + offset * fPad * 4, hStride: fPad },
    });
    down.push({
      rows: count,
      depth: f,
      a: view(buffer.h + offset * fPad * 4, 'f32', fPad, 1),
      packedB: packedDown.address,
      panelStrideBytes: packedDown.panelStrideBytes,
      layout: packedDown.layout,
      c: buffer.y + offset * d * 4,
      cStride: d,
      accumulate: false,
      epilogue: { kind: 'none' },
    });
  });
}

/** The small-batch (GEMV) groups of one bank's segments, reading the gathered `[rows, dPad]` inputs. */
function bankGemvGroups(
  bank: BankRows,
  buffer: BankBuffers,
  gathered: number,
  d: number,
  dPad: number,
  activation: 'swiglu' | 'silu' | 'gelu',
  up: GemvGroup[],
  down: GemvGroup[],
): void {
  const { experts } = bank;
  const { inRows, fPad, f } = experts;
  forEachSegment(bank, (expert, offset, count) => {
    const packedIn = experts.packedIn[expert]!;
    const packedDown = experts.packedDown[expert]!;
    up.push({
      rows: count,
      depth: d,
      a: gathered + offset * dPad * 4,
      aStride: dPad,
      w: experts.inRaw + expert * inRows * dPad * 4,
      wStride: dPad,
      packed: {
        address: packedIn.address,
        panelStrideBytes: packedIn.panelStrideBytes,
        weights: experts.weights,
      },
      layout: experts.inLayout,
      c: buffer.gu + offset * inRows * 4,
      cStride: inRows,
      epilogue: { kind: 'activation', activation, h: buffer.h + offset * fPad * 4, hStride: fPad },
    });
    down.push({
      rows: count,
      depth: f,
      a: buffer.h + offset * fPad * 4,
      aStride: fPad,
      w: experts.downRaw + expert * d * fPad * 4,
      wStride: fPad,
      packed: {
        address: packedDown.address,
        panelStrideBytes: packedDown.panelStrideBytes,
        weights: experts.weights,
      },
      layout: { columns: d, interleaveHalf: 0 },
      c: buffer.y + offset * d * 4,
      cStride: d,
      epilogue: { kind: 'none' },
    });
  });
}
