import { kernelNames } from './kernel-names.ts';
import type { MultiplyAddMode, PanelWeights } from './kernel-shapes.ts';
import { LocalAllocator } from './local-allocator.ts';
import { emitMultiplyAdd } from './multiply-add.ts';
import {
  FunctionBodyBuilder,
  type FunctionDefinition,
  type ValueType,
  valueType,
} from './wasm-module-builder.ts';
import { emitHalfWidening } from './widen-half.ts';

/**
 * Loop shape of the packed GEMV kernel per row count: k steps per iteration and independent accumulator
 * chains (step s adds into chain s % chains). Measured on V8 12 / x86-64 over 74 MB of panels
 * (memory-bound): one row gains ~5% from four steps on two chains (more loads in flight, half the FMA
 * dependency); two rows are best as they were; three and four rows (compute-bound: a splat per row and
 * k) gain ~8% from four steps on one chain; more chains spill there.
 */
export function packedGemvShape(rows: number): { unroll: number; chains: number } {
  if (rows === 1) return { unroll: 4, chains: 2 };
  if (rows === 2) return { unroll: 2, chains: 1 };
  return { unroll: 4, chains: 1 };
}

/**
 * Panels one streaming GEMV call reads side by side (`gemv_packed_streams_*`), per row count, and its k
 * steps per iteration. The hardware prefetchers follow a sequential read within a 4 KiB page and restart at
 * every page, so one panel at a time (16 or 32 bytes per k) keeps few cache lines in flight. Streaming a
 * 69 MB BF16 expert bank (one row, 8 experts, Intel Xeon under KVM, V8 12, minima of 40-50 alternating
 * runs under load) took 10.5-11.3 ms one panel at a time, 6.7-7.1 ms four side by side and 6.1-6.4 ms
 * eight; two rows were best with four panels (8.3 ms against 8.8 with eight and 15.0 with one), four rows
 * with two (14.4 ms against 17.5 with one; more spill V8's 16 vector registers). Each panel has its own
 * accumulators, so the FMA chains are independent without `chains`.
 */
export function packedGemvStreams(rows: number): { streams: number; unroll: number } {
  if (rows === 1) return { streams: 8, unroll: 2 };
  if (rows === 2) return { streams: 4, unroll: 2 };
  return { streams: 2, unroll: 2 };
}

/**
 * Panels of one streaming run of a GEMV work item: a multiple of every row count's `streams`, so each row
 * tile covers the run in whole calls (work items split panels on multiples of it).
 */
export const streamingGemvPanels = 8;

/**
 * Small-batch product over one packed B panel: `rows` rows of A (row-major, read by broadcast) times a
 * `[depth][8]` panel, `unroll` k per iteration over `chains` accumulator sets (`packedGemvShape`; more
 * chains change only the float32 summation order). The panels of a matrix lie one after another, so a
 * decode step reads each selected expert's weights as one sequential stream (the hardware prefetcher's
 * best case: with 4 KiB weight rows, row-wise GEMV restarts a stream at every page) and needs no
 * horizontal sums.
 *
 * With 16-bit `weights` a panel step is 16 bytes (columns in `halfPanelLaneOrder`), widened in registers:
 * BF16 is the upper half of a float32 (a shift, or a mask); IEEE F16 moves its exponent and mantissa 13
 * bits right and multiplies by 2^112, which rebiases the exponent and turns F16 subnormals into exact
 * float32 normals (Infinity and NaN never reach a kernel: validation rejects them). A decode step is
 * memory-bound, so reading half the bytes is what makes it faster.
 */
export function emitPackedGemv(
  rows: number,
  mode: MultiplyAddMode,
  weights: PanelWeights = 'f32',
  unroll = packedGemvShape(rows).unroll,
  chains = packedGemvShape(rows).chains,
): FunctionDefinition {
  return emitPanelGemv({ rows, mode, weights, unroll, chains, streams: 1 });
}

/**
 * The streaming variant (`gemv_packed_streams_<weights>_<rows>`): `streams` panels read side by side, panel
 * `s` at `panel + s panelStride` writing its 8 columns at `c + s cPanelStride` (see `packedGemvStreams`);
 * one broadcast of A per row and k serves every panel. Its parameters are the single-panel kernel's, then
 * `panelStride` and `cPanelStride` (bytes).
 */
export function emitStreamingPackedGemv(
  rows: number,
  mode: MultiplyAddMode,
  weights: PanelWeights = 'f32',
  streams = packedGemvStreams(rows).streams,
  unroll = packedGemvStreams(rows).unroll,
): FunctionDefinition {
  return emitPanelGemv({ rows, mode, weights, unroll, chains: 1, streams });
}

function emitPanelGemv(shape: {
  rows: number;
  mode: MultiplyAddMode;
  weights: PanelWeights;
  unroll: number;
  chains: number;
  streams: number;
}): FunctionDefinition {
  const { rows, mode, weights, unroll, chains, streams } = shape;
  // params: 0 a, 1 aRowStride, 2 panel, 3 depth, 4 c, 5 cRowStride (, 6 panelStride, 7 cPanelStride)
  const [aPointer, aRowStride, panel, depth, cPointer, cRowStride] = [0, 1, 2, 3, 4, 5];
  const [panelStride, cPanelStride] = [6, 7];
  const paramCount = streams === 1 ? 6 : 8;
  const locals = new LocalAllocator(paramCount);
  const rowPointers: number[] = [];
  for (let row = 0; row < rows; row++) rowPointers.push(locals.add(valueType.i32));
  // Stream 0 reads `panel` itself; the others their own pointers.
  const panelPointers = [panel];
  for (let stream = 1; stream < streams; stream++) panelPointers.push(locals.add(valueType.i32));
  // accumulators[stream][chain][row][vector]: step s of an iteration adds into chain s % chains.
  const accumulators: number[][][][] = [];
  for (let stream = 0; stream < streams; stream++) {
    const streamAccumulators: number[][][] = [];
    for (let chain = 0; chain < chains; chain++) {
      const chainAccumulators: number[][] = [];
      for (let row = 0; row < rows; row++)
        chainAccumulators.push([locals.add(valueType.v128), locals.add(valueType.v128)]);
      streamAccumulators.push(chainAccumulators);
    }
    accumulators.push(streamAccumulators);
  }
  const bVectors = [locals.add(valueType.v128), locals.add(valueType.v128)];
  // One broadcast register per row when several panels share it; the single-panel kernel reuses one.
  const aBroadcasts = [locals.add(valueType.v128)];
  if (streams > 1) for (let row = 1; row < rows; row++) aBroadcasts.push(locals.add(valueType.v128));
  const body = new FunctionBodyBuilder();
  const stepBytes = weights === 'f32' ? 32 : 16;
  const widen = weights === 'f32' ? undefined : emitHalfWidening(body, locals, weights);
  for (let stream = 1; stream < streams; stream++) {
    body
      .localGet(panel)
      .localGet(panelStride)
      .i32Const(stream)
      .i32Mul()
      .i32Add()
      .localSet(panelPointers[stream]!);
  }
  for (let row = 0; row < rows; row++) {
    body.localGet(aPointer);
    if (row > 0) body.localGet(aRowStride).i32Const(row).i32Mul().i32Add();
    body.localSet(rowPointers[row]!);
    for (const stream of accumulators) {
      for (const chain of stream) {
        body.v128ConstZero().localSet(chain[row]![0]!);
        body.v128ConstZero().localSet(chain[row]![1]!);
      }
    }
  }
  const loadPanelStep = (stream: number, step: number): void => {
    const pointer = panelPointers[stream]!;
    if (widen) {
      widen(pointer, step * stepBytes, bVectors[0]!, bVectors[1]!);
      return;
    }
    body
      .localGet(pointer)
      .v128Load(step * 32)
      .localSet(bVectors[0]!);
    body
      .localGet(pointer)
      .v128Load(step * 32 + 16)
      .localSet(bVectors[1]!);
  };
  const broadcastRow = (row: number, step: number, target: number): void => {
    body
      .localGet(rowPointers[row]!)
      .v128Load32Splat(step * 4)
      .localSet(target);
  };
  const multiplyAddRow = (stream: number, chain: number, row: number, broadcast: number): void => {
    for (let vector = 0; vector < 2; vector++) {
      emitMultiplyAdd(
        body,
        'f32',
        mode,
        broadcast,
        bVectors[vector]!,
        accumulators[stream]![chain]![row]![vector]!,
      );
    }
  };
  const emitStep = (step: number, chain: number): void => {
    if (streams === 1) {
      loadPanelStep(0, step);
      for (let row = 0; row < rows; row++) {
        broadcastRow(row, step, aBroadcasts[0]!);
        multiplyAddRow(0, chain, row, aBroadcasts[0]!);
      }
      return;
    }
    for (let row = 0; row < rows; row++) broadcastRow(row, step, aBroadcasts[row]!);
    for (let stream = 0; stream < streams; stream++) {
      loadPanelStep(stream, step);
      for (let row = 0; row < rows; row++) multiplyAddRow(stream, chain, row, aBroadcasts[row]!);
    }
  };
  const emitAdvance = (steps: number): void => {
    for (const pointer of panelPointers)
      body
        .localGet(pointer)
        .i32Const(steps * stepBytes)
        .i32Add()
        .localSet(pointer);
    for (const pointer of rowPointers)
      body
        .localGet(pointer)
        .i32Const(steps * 4)
        .i32Add()
        .localSet(pointer);
    body.localGet(depth).i32Const(steps).i32Sub().localSet(depth);
  };
  body.block();
  body.localGet(depth).i32Const(unroll).i32LtS().brIf(0);
  body.loop();
  for (let step = 0; step < unroll; step++) emitStep(step, step % chains);
  emitAdvance(unroll);
  body.localGet(depth).i32Const(unroll).i32GeS().brIf(0);
  body.end();
  body.end();
  // The last depth % unroll steps, one at a time.
  body.block();
  body.localGet(depth).i32Const(0).i32GtS().i32Eqz().brIf(0);
  body.loop();
  emitStep(0, 0);
  emitAdvance(1);
  body.localGet(depth).i32Const(0).i32GtS().brIf(0);
  body.end();
  body.end();
  for (let stream = 0; stream < streams; stream++) {
    for (let row = 0; row < rows; row++) {
      for (let vector = 0; vector < 2; vector++) {
        body.localGet(cPointer);
        if (stream > 0) body.localGet(cPanelStride).i32Const(stream).i32Mul().i32Add();
        if (row > 0) body.localGet(cRowStride).i32Const(row).i32Mul().i32Add();
        body.localGet(accumulators[stream]![0]![row]![vector]!);
        for (let chain = 1; chain < chains; chain++)
          body.localGet(accumulators[stream]![chain]![row]![vector]!).f32x4Add();
        body.v128Store(vector * 16);
      }
    }
  }
  return {
    name:
      streams === 1 ? kernelNames.gemvPacked(weights, rows) : kernelNames.gemvPackedStreams(weights, rows),
    params: Array(paramCount).fill(valueType.i32) as ValueType[],
    results: [],
    locals: locals.locals,
    body,
  };
}
