import { kernelNames } from './kernel-names.ts';
import { type MultiplyAddMode, microkernelShape } from './kernel-shapes.ts';
import { LocalAllocator } from './local-allocator.ts';
import { emitMultiplyAdd } from './multiply-add.ts';
import { FunctionBodyBuilder, type FunctionDefinition, valueType } from './wasm-module-builder.ts';

/**
 * The packed register-blocked GEMM microkernel (`microkernelShape`): A is `[k][MR]` (one broadcast per row
 * and k), B is `[k][NR]` (one panel of NR columns), so the inner loop reads both with immediate offsets only
 * and needs no edge handling: the caller pads partial tiles with zeros and copies partial outputs.
 */
export function emitPackedGemm(precision: 'f32' | 'f64', mode: MultiplyAddMode): FunctionDefinition {
  const { rows, columns } = microkernelShape[precision];
  const elementBytes = precision === 'f32' ? 4 : 8;
  const lanes = 16 / elementBytes;
  const vectorsPerRow = columns / lanes;
  // k-unrolling made V8 spill (see microkernelShape); keep one k per iteration.
  const unroll = 1;
  // params: 0 aPack, 1 bPack, 2 kCount, 3 c, 4 cRowStride, 5 accumulate
  const [aPack, bPack, kCount, cPointer, cRowStride, accumulate] = [0, 1, 2, 3, 4, 5];
  const locals = new LocalAllocator(6);
  const accumulators: number[][] = [];
  for (let row = 0; row < rows; row++) {
    const rowAccumulators: number[] = [];
    for (let vector = 0; vector < vectorsPerRow; vector++) rowAccumulators.push(locals.add(valueType.v128));
    accumulators.push(rowAccumulators);
  }
  const bVectors: number[] = [];
  for (let vector = 0; vector < vectorsPerRow; vector++) bVectors.push(locals.add(valueType.v128));
  const aBroadcast = locals.add(valueType.v128);
  const rowPointer = locals.add(valueType.i32);
  const body = new FunctionBodyBuilder();

  // Initialise the accumulators: load C (accumulate) or zero.
  body.localGet(accumulate).if();
  body.localGet(cPointer).localSet(rowPointer);
  for (let row = 0; row < rows; row++) {
    for (let vector = 0; vector < vectorsPerRow; vector++) {
      body
        .localGet(rowPointer)
        .v128Load(vector * 16)
        .localSet(accumulators[row]![vector]!);
    }
    body.localGet(rowPointer).localGet(cRowStride).i32Add().localSet(rowPointer);
  }
  body.else();
  for (let row = 0; row < rows; row++) {
    for (let vector = 0; vector < vectorsPerRow; vector++) {
      body.v128ConstZero().localSet(accumulators[row]![vector]!);
    }
  }
  body.end();

  const emitStep = (step: number): void => {
    const bOffset = step * columns * elementBytes;
    const aOffset = step * rows * elementBytes;
    for (let vector = 0; vector < vectorsPerRow; vector++) {
      body
        .localGet(bPack)
        .v128Load(bOffset + vector * 16)
        .localSet(bVectors[vector]!);
    }
    for (let row = 0; row < rows; row++) {
      body.localGet(aPack);
      if (precision === 'f32') body.v128Load32Splat(aOffset + row * elementBytes);
      else body.v128Load64Splat(aOffset + row * elementBytes);
      body.localSet(aBroadcast);
      for (let vector = 0; vector < vectorsPerRow; vector++) {
        emitMultiplyAdd(body, precision, mode, aBroadcast, bVectors[vector]!, accumulators[row]![vector]!);
      }
    }
  };
  const emitAdvance = (steps: number): void => {
    body
      .localGet(aPack)
      .i32Const(steps * rows * elementBytes)
      .i32Add()
      .localSet(aPack);
    body
      .localGet(bPack)
      .i32Const(steps * columns * elementBytes)
      .i32Add()
      .localSet(bPack);
    body.localGet(kCount).i32Const(steps).i32Sub().localSet(kCount);
  };

  // Unrolled main loop while kCount >= unroll.
  body.block();
  body.localGet(kCount).i32Const(unroll).i32LtS().brIf(0);
  body.loop();
  for (let step = 0; step < unroll; step++) emitStep(step);
  emitAdvance(unroll);
  body.localGet(kCount).i32Const(unroll).i32GeS().brIf(0);
  body.end();
  body.end();
  if (unroll > 1) emitRemainder();

  function emitRemainder(): void {
    body.block();
    body.localGet(kCount).i32Const(0).i32GtS().i32Eqz().brIf(0);
    body.loop();
    emitStep(0);
    emitAdvance(1);
    body.localGet(kCount).i32Const(0).i32GtS().brIf(0);
    body.end();
    body.end();
  }

  body.localGet(cPointer).localSet(rowPointer);
  for (let row = 0; row < rows; row++) {
    for (let vector = 0; vector < vectorsPerRow; vector++) {
      body
        .localGet(rowPointer)
        .localGet(accumulators[row]![vector]!)
        .v128Store(vector * 16);
    }
    if (row < rows - 1) body.localGet(rowPointer).localGet(cRowStride).i32Add().localSet(rowPointer);
  }

  return {
    name: precision === 'f32' ? kernelNames.gemmF32 : kernelNames.gemmF64,
    params: [valueType.i32, valueType.i32, valueType.i32, valueType.i32, valueType.i32, valueType.i32],
    results: [],
    locals: locals.locals,
    body,
  };
}
