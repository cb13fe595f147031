import {
  buildWasmModule,
  FunctionBodyBuilder,
  type FunctionDefinition,
  type MemoryImport,
  type ValueType,
  valueType,
} from './wasm-module-builder.ts';

/** How the microkernels multiply-add: relaxed-SIMD FMA, or the SIMD128 `mul` + `add` pair. */
export type MultiplyAddMode = 'relaxed-madd' | 'mul-add';

/**
 * Register blocking of the packed GEMM microkernels. `rows` x `columns` outputs per call live in
 * `rows * columns / lanes` v128 accumulators. Measured on V8 12 / x86-64 (AVX2): 4 x 8 f32 with no k-unrolling
 * reaches about 29 GFLOP/s per core with relaxed FMA, while 6 x 8, 4 x 16 and unrolled variants spill
 * (15-21 GFLOP/s): V8's register allocator, not the ISA's 16 registers, is the limit.
 */
export const microkernelShape = {
  f32: { rows: 4, columns: 8 },
  f64: { rows: 4, columns: 4 },
} as const;

/** Rows of A per call of the small-batch (GEMV) kernels. */
export const gemvMaxRows = 4;

/** Names of the exported kernels, with their parameters (all i32 byte addresses / counts). */
export const kernelNames = {
  /** `(aPack, bPack, kCount, c, cRowStrideBytes, accumulate)`: f32 packed MR x NR tile. */
  gemmF32: 'gemm_f32',
  /** `(aPack, bPack, kCount, c, cRowStrideBytes, accumulate)`: f64 packed MR x NR tile. */
  gemmF64: 'gemm_f64',
  /** `gemv_f32_<rows>(a, aRowStrideBytes, w, wRowStrideBytes, kCount (multiple of 4), columns, c, cRowStrideBytes)`. */
  gemvF32: (rows: number) => `gemv_f32_${rows}`,
} as const;

/**
 * Emits the kernel module: the packed f32 and f64 register-blocked GEMM microkernels and the dot-product
 * GEMV kernels (1..4 rows) that stream raw weight rows once for small batches.
 *
 * Packed layouts: A is `[k][MR]` (one broadcast per row and k), B is `[k][NR]` (one panel of NR columns),
 * so the inner loop reads both with immediate offsets only and needs no edge handling: the caller pads
 * partial tiles with zeros and copies partial outputs.
 */
export function emitGemmModule(memory: MemoryImport, mode: MultiplyAddMode): Uint8Array<ArrayBuffer> {
  const functions: FunctionDefinition[] = [emitPackedGemm('f32', mode), emitPackedGemm('f64', mode)];
  for (let rows = 1; rows <= gemvMaxRows; rows++) functions.push(emitGemv(rows, mode));
  return buildWasmModule(memory, functions);
}

/** True when this engine validates `f32x4.relaxed_madd` (Chrome 114+, Node 22+, not Safari). */
export function supportsRelaxedSimd(): boolean {
  try {
    return WebAssembly.validate(
      emitGemmModule({ initialPages: 1, maximumPages: 1, shared: false }, 'relaxed-madd'),
    );
  } catch {
    return false;
  }
}

class LocalAllocator {
  readonly locals: ValueType[] = [];
  private readonly paramCount: number;

  constructor(paramCount: number) {
    this.paramCount = paramCount;
  }

  add(type: ValueType): number {
    this.locals.push(type);
    return this.paramCount + this.locals.length - 1;
  }
}

function emitMultiplyAdd(
  body: FunctionBodyBuilder,
  precision: 'f32' | 'f64',
  mode: MultiplyAddMode,
  a: number,
  b: number,
  accumulator: number,
): void {
  if (mode === 'relaxed-madd') {
    body.localGet(a).localGet(b).localGet(accumulator);
    if (precision === 'f32') body.f32x4RelaxedMadd();
    else body.f64x2RelaxedMadd();
  } else {
    body.localGet(a).localGet(b);
    if (precision === 'f32') body.f32x4Mul();
    else body.f64x2Mul();
    body.localGet(accumulator);
    if (precision === 'f32') body.f32x4Add();
    else body.f64x2Add();
  }
  body.localSet(accumulator);
}

function emitPackedGemm(precision: 'f32' | 'f64', mode: MultiplyAddMode): FunctionDefinition {
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

/**
 * `C[m][n] = sum_k A[m][k] W[n][k]` for `rows` rows of A: two weight rows per iteration, vectorised
 * along k (which must be a multiple of 4: rows are zero-padded), a horizontal sum at the end. Each
 * weight row is read once for all the rows, which is what a decode step needs.
 */
function emitGemv(rows: number, mode: MultiplyAddMode): FunctionDefinition {
  // params: 0 a, 1 aRowStride, 2 w, 3 wRowStride, 4 kCount, 5 columns, 6 c, 7 cRowStride
  const [aPointer, aRowStride, wPointer, wRowStride, kCount, columns, cPointer, cRowStride] = [
    0, 1, 2, 3, 4, 5, 6, 7,
  ];
  const locals = new LocalAllocator(8);
  const rowPointers: number[] = [];
  for (let row = 0; row < rows; row++) rowPointers.push(locals.add(valueType.i32));
  const accumulators: number[][] = [];
  for (let row = 0; row < rows; row++)
    accumulators.push([locals.add(valueType.v128), locals.add(valueType.v128)]);
  const wVectors = [locals.add(valueType.v128), locals.add(valueType.v128)];
  const aVector = locals.add(valueType.v128);
  const offset = locals.add(valueType.i32);
  const wRow = locals.add(valueType.i32);
  const kBytes = locals.add(valueType.i32);
  const column = locals.add(valueType.i32);
  const body = new FunctionBodyBuilder();

  for (let row = 0; row < rows; row++) {
    body.localGet(aPointer);
    if (row > 0) body.localGet(aRowStride).i32Const(row).i32Mul().i32Add();
    body.localSet(rowPointers[row]!);
  }
  body.localGet(kCount).i32Const(4).i32Mul().localSet(kBytes);
  body.i32Const(0).localSet(column);

  const emitColumns = (count: 1 | 2): void => {
    for (let row = 0; row < rows; row++) {
      for (let index = 0; index < count; index++) body.v128ConstZero().localSet(accumulators[row]![index]!);
    }
    body.i32Const(0).localSet(offset);
    body.block();
    body.localGet(kBytes).i32Eqz().brIf(0);
    body.loop();
    for (let index = 0; index < count; index++) {
      body.localGet(wRow).localGet(offset).i32Add();
      if (index > 0) body.localGet(wRowStride).i32Add();
      body.v128Load(0).localSet(wVectors[index]!);
    }
    for (let row = 0; row < rows; row++) {
      body.localGet(rowPointers[row]!).localGet(offset).i32Add().v128Load(0).localSet(aVector);
      for (let index = 0; index < count; index++) {
        emitMultiplyAdd(body, 'f32', mode, aVector, wVectors[index]!, accumulators[row]![index]!);
      }
    }
    body.localGet(offset).i32Const(16).i32Add().localTee(offset).localGet(kBytes).i32LtS().brIf(0);
    body.end();
    body.end();
    for (let row = 0; row < rows; row++) {
      for (let index = 0; index < count; index++) {
        // address: c + row * cRowStride + (column + index) * 4
        body.localGet(cPointer);
        if (row > 0) body.localGet(cRowStride).i32Const(row).i32Mul().i32Add();
        body.localGet(column).i32Const(4).i32Mul().i32Add();
        const accumulator = accumulators[row]![index]!;
        body.localGet(accumulator).f32x4ExtractLane(0);
        body.localGet(accumulator).f32x4ExtractLane(1).f32Add();
        body.localGet(accumulator).f32x4ExtractLane(2).f32Add();
        body.localGet(accumulator).f32x4ExtractLane(3).f32Add();
        body.f32Store(index * 4);
      }
    }
    body.localGet(wRow).localGet(wRowStride).i32Const(count).i32Mul().i32Add().localSet(wRow);
    body.localGet(column).i32Const(count).i32Add().localSet(column);
  };

  body.localGet(wPointer).localSet(wRow);
  // Pairs of columns.
  body.block();
  body.loop();
  body.localGet(column).i32Const(2).i32Add().localGet(columns).i32GtS().brIf(1);
  emitColumns(2);
  body.br(0);
  body.end();
  body.end();
  // The last odd column.
  body.localGet(column).localGet(columns).i32LtS().if();
  emitColumns(1);
  body.end();

  return {
    name: kernelNames.gemvF32(rows),
    params: Array(8).fill(valueType.i32) as ValueType[],
    results: [],
    locals: locals.locals,
    body,
  };
}
