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

/** Names of the exported kernels, with their parameters (all i32 byte addresses / counts). */
export const kernelNames = {
  /** `(aPack, bPack, kCount, c, cRowStrideBytes, accumulate)`: f32 packed MR x NR tile. */
  gemmF32: 'gemm_f32',
  /** `(aPack, bPack, kCount, c, cRowStrideBytes, accumulate)`: f64 packed MR x NR tile. */
  gemmF64: 'gemm_f64',
  /** `gemv_f32_<rows>(a, aRowStrideBytes, w, wRowStrideBytes, kCount (multiple of 4), columns, c, cRowStrideBytes)`. */
  gemvF32: (rows: number) => `gemv_f32_${rows}`,
  /**
   * `(destination, kCount, row0, row1, row2, row3)`: packs four contiguous f32 rows of A (byte addresses;
   * a padding row points at zeros) into the `[k][4]` f32 tile the f32 microkernel reads.
   */
  packAF32: 'pack_a_f32',
  /** Same as `packAF32` but widens to the `[k][4]` f64 tile of the f64 microkernel (router logits). */
  packAF64FromF32: 'pack_a_f64_from_f32',
  /**
   * `gemv_packed_f32_<rows>(a, aRowStrideBytes, panel, depth, c, cRowStrideBytes)`: one packed B panel
   * (`[depth][8]`), all of its depth, for `rows` rows of A; writes 8 columns per row.
   */
  gemvPackedF32: (rows: number) => `gemv_packed_f32_${rows}`,
  /** `(gate, up, h, count)`: `h = silu(gate) * up` over `count` (a multiple of 4) f32 values. */
  swigluF32: 'swiglu_f32',
  /** `(x, unused, h, count)`: `h = silu(x)` over `count` (a multiple of 4) f32 values. */
  siluF32: 'silu_f32',
  /**
   * `(gate, up, dHraw, dGate, dUp, weight, count)`: SwiGLU's backward over `count` (a multiple of 4) f32
   * values, `dh = weight dHraw`, `dGate = dh up s (1 + gate (1 - s))`, `dUp = dh gate s`, `s = sigmoid(gate)`.
   */
  swigluBackwardF32: 'swiglu_backward_f32',
  /** `(x, unused, dHraw, dX, unused, weight, count)`: SiLU's backward, `dX = weight dHraw s (1 + x (1 - s))`. */
  siluBackwardF32: 'silu_backward_f32',
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
  for (let rows = 1; rows <= gemvMaxRows; rows++) functions.push(emitPackedGemv(rows, mode));
  functions.push(emitPackA('f32'), emitPackA('f64'), emitSilu(true), emitSilu(false));
  functions.push(emitSiluBackward(true), emitSiluBackward(false));
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
 * `C[m][n] = sum_k A[m][k] W[n][k]` for `rows` rows of A: several weight rows per iteration (four for
 * one or two rows of A, two otherwise: what fits V8's registers), vectorised along k (a multiple of 4:
 * rows are zero-padded) two vectors per iteration, a horizontal sum at the end. Each weight row is read
 * once for all the rows, which is what a decode step needs: the loop is memory-bound, so it keeps four
 * streams in flight and spends few instructions per byte.
 */
function emitGemv(rows: number, mode: MultiplyAddMode): FunctionDefinition {
  // params: 0 a, 1 aRowStride, 2 w, 3 wRowStride, 4 kCount, 5 columns, 6 c, 7 cRowStride
  const [aPointer, aRowStride, wPointer, wRowStride, kCount, columns, cPointer, cRowStride] = [
    0, 1, 2, 3, 4, 5, 6, 7,
  ];
  const group = rows <= 2 ? 4 : 2;
  const locals = new LocalAllocator(8);
  const rowPointers: number[] = [];
  for (let row = 0; row < rows; row++) rowPointers.push(locals.add(valueType.i32));
  const accumulators: number[][] = [];
  for (let row = 0; row < rows; row++) {
    const rowAccumulators: number[] = [];
    for (let index = 0; index < group; index++) rowAccumulators.push(locals.add(valueType.v128));
    accumulators.push(rowAccumulators);
  }
  const wVectors: number[] = [];
  for (let index = 0; index < group; index++) wVectors.push(locals.add(valueType.v128));
  const aVector = locals.add(valueType.v128);
  const offset = locals.add(valueType.i32);
  const wRow = locals.add(valueType.i32);
  const kBytes = locals.add(valueType.i32);
  const column = locals.add(valueType.i32);
  const wRowAt = locals.add(valueType.i32);
  const body = new FunctionBodyBuilder();

  for (let row = 0; row < rows; row++) {
    body.localGet(aPointer);
    if (row > 0) body.localGet(aRowStride).i32Const(row).i32Mul().i32Add();
    body.localSet(rowPointers[row]!);
  }
  body.localGet(kCount).i32Const(4).i32Mul().localSet(kBytes);
  body.i32Const(0).localSet(column);

  /** One 4-wide k step at byte `offset + at` for `count` weight rows. */
  const emitStep = (count: number, at: number): void => {
    for (let index = 0; index < count; index++) {
      body.localGet(wRowAt);
      if (index > 0) body.localGet(wRowStride).i32Const(index).i32Mul().i32Add();
      body.v128Load(at).localSet(wVectors[index]!);
    }
    for (let row = 0; row < rows; row++) {
      body.localGet(rowPointers[row]!).localGet(offset).i32Add().v128Load(at).localSet(aVector);
      for (let index = 0; index < count; index++) {
        emitMultiplyAdd(body, 'f32', mode, aVector, wVectors[index]!, accumulators[row]![index]!);
      }
    }
  };

  const emitColumns = (count: number): void => {
    for (let row = 0; row < rows; row++) {
      for (let index = 0; index < count; index++) body.v128ConstZero().localSet(accumulators[row]![index]!);
    }
    body.i32Const(0).localSet(offset);
    // Two k vectors per iteration while at least two remain, then the last one.
    body.block();
    body.localGet(kBytes).i32Const(32).i32LtS().brIf(0);
    body.loop();
    body.localGet(wRow).localGet(offset).i32Add().localSet(wRowAt);
    emitStep(count, 0);
    emitStep(count, 16);
    body.localGet(offset).i32Const(32).i32Add().localTee(offset).i32Const(32).i32Add();
    body.localGet(kBytes).i32GtS().i32Eqz().brIf(0);
    body.end();
    body.end();
    body.localGet(offset).localGet(kBytes).i32LtS().if();
    body.localGet(wRow).localGet(offset).i32Add().localSet(wRowAt);
    emitStep(count, 0);
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
  // Groups of columns.
  body.block();
  body.loop();
  body.localGet(column).i32Const(group).i32Add().localGet(columns).i32GtS().brIf(1);
  emitColumns(group);
  body.br(0);
  body.end();
  body.end();
  // The remaining columns one by one.
  body.block();
  body.loop();
  body.localGet(column).localGet(columns).i32LtS().i32Eqz().brIf(1);
  emitColumns(1);
  body.br(0);
  body.end();
  body.end();

  return {
    name: kernelNames.gemvF32(rows),
    params: Array(8).fill(valueType.i32) as ValueType[],
    results: [],
    locals: locals.locals,
    body,
  };
}

/**
 * Small-batch product over one packed B panel: `rows` rows of A (row-major, read by broadcast) times a
 * `[depth][8]` panel, `unroll` k per iteration over `chains` accumulator sets (`packedGemvShape`; more
 * chains change only the float32 summation order). The panels of a matrix lie one after another, so a
 * decode step reads each selected expert's weights as one sequential stream (the hardware prefetcher's
 * best case: with 4 KiB weight rows, row-wise GEMV restarts a stream at every page) and needs no
 * horizontal sums.
 */
function emitPackedGemv(
  rows: number,
  mode: MultiplyAddMode,
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
    body
      .localGet(panel)
      .v128Load(step * 32)
      .localSet(bVectors[0]!);
    body
      .localGet(panel)
      .v128Load(step * 32 + 16)
      .localSet(bVectors[1]!);
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
      .i32Const(steps * 32)
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
    name: kernelNames.gemvPackedF32(rows),
    params: Array(6).fill(valueType.i32) as ValueType[],
    results: [],
    locals: locals.locals,
    body,
  };
}

/**
 * Packs `kCount` columns of four contiguous f32 rows into a `[k][4]` tile (f32, or widened to f64). Packing
 * A is O(rows x depth) against the GEMM's O(rows x depth x columns), but in JavaScript it cost about a fifth
 * of a grouped GEMM with ~130 rows per expert; as a wasm loop it is a few percent.
 */
function emitPackA(precision: 'f32' | 'f64'): FunctionDefinition {
  // params: 0 destination, 1 kCount, 2..5 row pointers
  const [destination, kCount] = [0, 1];
  const rowPointers = [2, 3, 4, 5];
  const elementBytes = precision === 'f32' ? 4 : 8;
  const body = new FunctionBodyBuilder();
  body.block();
  body.localGet(kCount).i32Const(0).i32GtS().i32Eqz().brIf(0);
  body.loop();
  rowPointers.forEach((pointer, row) => {
    body.localGet(destination).localGet(pointer).f32Load(0);
    if (precision === 'f32') body.f32Store(row * elementBytes);
    else body.f64PromoteF32().f64Store(row * elementBytes);
    body.localGet(pointer).i32Const(4).i32Add().localSet(pointer);
  });
  body
    .localGet(destination)
    .i32Const(4 * elementBytes)
    .i32Add()
    .localSet(destination);
  body.localGet(kCount).i32Const(1).i32Sub().localTee(kCount).i32Const(0).i32GtS().brIf(0);
  body.end();
  body.end();
  return {
    name: precision === 'f32' ? kernelNames.packAF32 : kernelNames.packAF64FromF32,
    params: Array(6).fill(valueType.i32) as ValueType[],
    results: [],
    locals: [],
    body,
  };
}

/**
 * `exp(x)` coefficients (Cephes `expf`): `x = n ln2 + r`, `|r| <= ln2 / 2`, `exp(r)` by a degree-7
 * polynomial, `2^n` built in the exponent bits; about 1 ulp in float32.
 */
const expPolynomial = [
  1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1,
];

/** The v128 locals of `emitOnePlusExpNegative`: the input, three temporaries and the result. */
interface ExpLocals {
  readonly input: number;
  readonly x: number;
  readonly n: number;
  readonly r: number;
  readonly result: number;
}

/**
 * `result = 1 + exp(-input)` lane-wise, the denominator of the sigmoid. `exp` is taken of `-input` clamped to
 * [-87, 88], where `1 + exp` is exactly 1 below and the sigmoid underflows to ~0 above, as in float64.
 * Cephes-style: `n = nearest(x log2 e)`, `r = x - n ln 2` (two constants), a degree-5 polynomial, times
 * `2^n` built in the exponent bits.
 */
function emitOnePlusExpNegative(body: FunctionBodyBuilder, l: ExpLocals): void {
  body.localGet(l.input).f32x4Neg().f32x4Const(-87).f32x4Max().f32x4Const(88).f32x4Min().localSet(l.x);
  body.localGet(l.x).f32x4Const(Math.LOG2E).f32x4Mul().f32x4Nearest().localSet(l.n);
  body.localGet(l.x).localGet(l.n).f32x4Const(0.693359375).f32x4Mul().f32x4Sub();
  body.localGet(l.n).f32x4Const(-2.1219444e-4).f32x4Mul().f32x4Sub().localSet(l.r);
  body.f32x4Const(expPolynomial[0]!).localSet(l.result);
  for (const coefficient of expPolynomial.slice(1)) {
    body.localGet(l.result).localGet(l.r).f32x4Mul().f32x4Const(coefficient).f32x4Add().localSet(l.result);
  }
  // exp(r) = p r^2 + r + 1, times 2^n = ((n + 127) << 23) as f32; then 1 + exp
  body.localGet(l.result).localGet(l.r).f32x4Mul().localGet(l.r).f32x4Mul().localGet(l.r).f32x4Add();
  body.f32x4Const(1).f32x4Add();
  body.localGet(l.n).i32x4TruncSatF32x4S().i32Const(127).i32x4Splat();
  body.i32x4Add().i32Const(23).i32x4Shl();
  body.f32x4Mul().f32x4Const(1).f32x4Add().localSet(l.result);
}

/**
 * `for (offset = 0; offset < 4 count; offset += 16) emitBody()`: a loop over `count` f32 values (a multiple
 * of 4), four lanes per iteration; `offset` is the byte offset the body reads, `bytes` a scratch local.
 */
function emitLaneLoop(
  body: FunctionBodyBuilder,
  l: { readonly count: number; readonly offset: number; readonly bytes: number },
  emitBody: () => void,
): void {
  body.localGet(l.count).i32Const(4).i32Mul().localSet(l.bytes);
  body.i32Const(0).localSet(l.offset);
  body.block();
  body.localGet(l.bytes).i32Eqz().brIf(0);
  body.loop();
  emitBody();
  body.localGet(l.offset).i32Const(16).i32Add().localTee(l.offset).localGet(l.bytes).i32LtS().brIf(0);
  body.end();
  body.end();
}

/** `ExpLocals` allocated in `locals`. */
function expLocals(locals: LocalAllocator): ExpLocals {
  return {
    input: locals.add(valueType.v128),
    x: locals.add(valueType.v128),
    n: locals.add(valueType.v128),
    r: locals.add(valueType.v128),
    result: locals.add(valueType.v128),
  };
}

/**
 * The SiLU epilogue vectorised: `silu(g) = g / (1 + exp(-g))`, times `up` for SwiGLU. `Math.exp` in the
 * worker cost ~50 ns a value (70 ms of a 500 ms prefill); this runs four lanes at a time.
 */
function emitSilu(gated: boolean): FunctionDefinition {
  // params: 0 x (gate), 1 up, 2 h, 3 count
  const [xPointer, upPointer, hPointer, count] = [0, 1, 2, 3];
  const locals = new LocalAllocator(4);
  const exp = expLocals(locals);
  const offset = locals.add(valueType.i32);
  const bytes = locals.add(valueType.i32);
  const body = new FunctionBodyBuilder();
  emitLaneLoop(body, { count, offset, bytes }, () => {
    body.localGet(xPointer).localGet(offset).i32Add().v128Load(0).localSet(exp.input);
    emitOnePlusExpNegative(body, exp);
    body.localGet(hPointer).localGet(offset).i32Add();
    body.localGet(exp.input).localGet(exp.result).f32x4Div();
    if (gated) body.localGet(upPointer).localGet(offset).i32Add().v128Load(0).f32x4Mul();
    body.v128Store(0);
  });
  return {
    name: gated ? kernelNames.swigluF32 : kernelNames.siluF32,
    params: Array(4).fill(valueType.i32) as ValueType[],
    results: [],
    locals: locals.locals,
    body,
  };
}

/**
 * The SwiGLU / SiLU backward vectorised (the forward's `exp`; `Math.exp` in the worker was ~70% of the
 * backward's GEMM time at d = 64): with `s = sigmoid(gate)` and `dh = weight dHraw`, SwiGLU writes
 * `dGate = dh up s (1 + gate (1 - s))` and `dUp = dh gate s`; SiLU writes `dX = dh s (1 + x (1 - s))`.
 */
function emitSiluBackward(gated: boolean): FunctionDefinition {
  // params: 0 gate (x), 1 up, 2 dHraw, 3 dGate (dX), 4 dUp, 5 weight (f32), 6 count
  const [gatePointer, upPointer, dHrawPointer, dGatePointer, dUpPointer, weight, count] = [
    0, 1, 2, 3, 4, 5, 6,
  ];
  const locals = new LocalAllocator(7);
  const exp = expLocals(locals);
  const sigmoid = locals.add(valueType.v128);
  const dh = locals.add(valueType.v128);
  const weights = locals.add(valueType.v128);
  const offset = locals.add(valueType.i32);
  const bytes = locals.add(valueType.i32);
  const body = new FunctionBodyBuilder();
  body.localGet(weight).f32x4Splat().localSet(weights);
  emitLaneLoop(body, { count, offset, bytes }, () => {
    body.localGet(gatePointer).localGet(offset).i32Add().v128Load(0).localSet(exp.input);
    emitOnePlusExpNegative(body, exp);
    body.f32x4Const(1).localGet(exp.result).f32x4Div().localSet(sigmoid);
    body
      .localGet(weights)
      .localGet(dHrawPointer)
      .localGet(offset)
      .i32Add()
      .v128Load(0)
      .f32x4Mul()
      .localSet(dh);
    // dGate (dX) = ((dh [* up]) * s) * (1 + gate (1 - s))
    body.localGet(dGatePointer).localGet(offset).i32Add();
    body.localGet(dh);
    if (gated) body.localGet(upPointer).localGet(offset).i32Add().v128Load(0).f32x4Mul();
    body.localGet(sigmoid).f32x4Mul();
    body.f32x4Const(1).localGet(sigmoid).f32x4Sub().localGet(exp.input).f32x4Mul().f32x4Const(1).f32x4Add();
    body.f32x4Mul().v128Store(0);
    if (gated) {
      // dUp = (dh gate) s
      body.localGet(dUpPointer).localGet(offset).i32Add();
      body.localGet(dh).localGet(exp.input).f32x4Mul().localGet(sigmoid).f32x4Mul().v128Store(0);
    }
  });
  const i32 = valueType.i32;
  return {
    name: gated ? kernelNames.swigluBackwardF32 : kernelNames.siluBackwardF32,
    params: [i32, i32, i32, i32, i32, valueType.f32, i32],
    results: [],
    locals: locals.locals,
    body,
  };
}
