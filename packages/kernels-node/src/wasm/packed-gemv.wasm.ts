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
  // params: 0 a, 1 aRowStride, 2 panel, 3 depth, 4 c, 5 cRowStride
  const [aPointer, aRowStride, panel, depth, cPointer, cRowStride] = [0, 1, 2, 3, 4, 5];
  const locals = new LocalAllocator(6);
  const rowPointers: number[] = [];
  for (let row = 0; row < rows; row++) rowPointers.push(locals.add(valueType.i32));
  // accumulators[chain][row][vector]: step s of an iteration adds into chain s % chains.
  const accumulators: number[][][] = [];
  for (let chain = 0; chain < chains; chain++) {
    const chainAccumulators: number[][] = [];
    for (let row = 0; row < rows; row++)
      chainAccumulators.push([locals.add(valueType.v128), locals.add(valueType.v128)]);
    accumulators.push(chainAccumulators);
  }
  const bVectors = [locals.add(valueType.v128), locals.add(valueType.v128)];
  const aBroadcast = locals.add(valueType.v128);
  const body = new FunctionBodyBuilder();
  const stepBytes = weights === 'f32' ? 32 : 16;
  const widen = weights === 'f32' ? undefined : emitHalfWidening(body, locals, weights);
  for (let row = 0; row < rows; row++) {
    body.localGet(aPointer);
    if (row > 0) body.localGet(aRowStride).i32Const(row).i32Mul().i32Add();
    body.localSet(rowPointers[row]!);
    for (const chain of accumulators) {
      body.v128ConstZero().localSet(chain[row]![0]!);
      body.v128ConstZero().localSet(chain[row]![1]!);
    }
  }
  const emitStep = (step: number, chain: number): void => {
    if (widen) {
      widen(panel, step * stepBytes, bVectors[0]!, bVectors[1]!);
    } else {
      body
        .localGet(panel)
        .v128Load(step * 32)
        .localSet(bVectors[0]!);
      body
        .localGet(panel)
        .v128Load(step * 32 + 16)
        .localSet(bVectors[1]!);
    }
    for (let row = 0; row < rows; row++) {
      body
        .localGet(rowPointers[row]!)
        .v128Load32Splat(step * 4)
        .localSet(aBroadcast);
      for (let vector = 0; vector < 2; vector++) {
        emitMultiplyAdd(
          body,
          'f32',
          mode,
          aBroadcast,
          bVectors[vector]!,
          accumulators[chain]![row]![vector]!,
        );
      }
    }
  };
  const emitAdvance = (steps: number): void => {
    body
      .localGet(panel)
      .i32Const(steps * stepBytes)
      .i32Add()
      .localSet(panel);
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
  for (let row = 0; row < rows; row++) {
    for (let vector = 0; vector < 2; vector++) {
      body.localGet(cPointer);
      if (row > 0) body.localGet(cRowStride).i32Const(row).i32Mul().i32Add();
      body.localGet(accumulators[0]![row]![vector]!);
      for (let chain = 1; chain < chains; chain++)
        body.localGet(accumulators[chain]![row]![vector]!).f32x4Add();
      body.v128Store(vector * 16);
    }
  }
  return {
    name: kernelNames.gemvPacked(weights, rows),
    params: Array(6).fill(valueType.i32) as ValueType[],
    results: [],
    locals: locals.locals,
    body,
  };
}
