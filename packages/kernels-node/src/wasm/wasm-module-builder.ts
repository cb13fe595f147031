/**
 * A minimal WebAssembly binary emitter: just enough of the format (type, import, function, export and
 * code sections, LEB128, the scalar and SIMD opcodes the GEMM kernels need) to generate the microkernels
 * from TypeScript at runtime. No wabt, no build step: the bytes are produced where they run, so the same
 * source can emit a relaxed-SIMD build or a plain SIMD128 build after feature detection.
 */

/** Value types of the binary format. */
export const valueType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValueType = (typeof valueType)[keyof typeof valueType];

/** Appends the unsigned LEB128 encoding of `value` (a non-negative safe integer) to `out`. */
export function pushUnsignedLeb128(out: number[], value: number): void {
  let remaining = value;
  do {
    let byte = remaining % 128;
    remaining = Math.floor(remaining / 128);
    if (remaining !== 0) byte |= 0x80;
    out.push(byte);
  } while (remaining !== 0);
}

/** Appends the signed LEB128 encoding of a 32-bit integer to `out`. */
export function pushSignedLeb128(out: number[], value: number): void {
  let remaining = value | 0;
  for (;;) {
    const byte = remaining & 0x7f;
    remaining >>= 7;
    const signBitSet = (byte & 0x40) !== 0;
    if ((remaining === 0 && !signBitSet) || (remaining === -1 && signBitSet)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

/**
 * Instruction sink for one function body. Methods are named after the text-format instructions; memory
 * accesses take a byte `offset` immediate (alignment hints are the natural ones).
 */
export class FunctionBodyBuilder {
  readonly bytes: number[] = [];

  private op(...codes: number[]): this {
    this.bytes.push(...codes);
    return this;
  }

  private simd(code: number): this {
    this.bytes.push(0xfd);
    pushUnsignedLeb128(this.bytes, code);
    return this;
  }

  private memarg(alignLog2: number, offset: number): this {
    pushUnsignedLeb128(this.bytes, alignLog2);
    pushUnsignedLeb128(this.bytes, offset);
    return this;
  }

  localGet(index: number): this {
    this.op(0x20);
    pushUnsignedLeb128(this.bytes, index);
    return this;
  }
  localSet(index: number): this {
    this.op(0x21);
    pushUnsignedLeb128(this.bytes, index);
    return this;
  }
  localTee(index: number): this {
    this.op(0x22);
    pushUnsignedLeb128(this.bytes, index);
    return this;
  }
  i32Const(value: number): this {
    this.op(0x41);
    pushSignedLeb128(this.bytes, value);
    return this;
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32LtS(): this {
    return this.op(0x48);
  }
  i32GtS(): this {
    return this.op(0x4a);
  }
  i32GeS(): this {
    return this.op(0x4e);
  }
  i32Eqz(): this {
    return this.op(0x45);
  }
  /** `block` with an empty result type. */
  block(): this {
    return this.op(0x02, 0x40);
  }
  /** `loop` with an empty result type. */
  loop(): this {
    return this.op(0x03, 0x40);
  }
  /** `if` with an empty result type. */
  if(): this {
    return this.op(0x04, 0x40);
  }
  else(): this {
    return this.op(0x05);
  }
  end(): this {
    return this.op(0x0b);
  }
  br(depth: number): this {
    this.op(0x0c);
    pushUnsignedLeb128(this.bytes, depth);
    return this;
  }
  brIf(depth: number): this {
    this.op(0x0d);
    pushUnsignedLeb128(this.bytes, depth);
    return this;
  }
  f32Load(offset = 0): this {
    return this.op(0x2a).memarg(2, offset);
  }
  f64Load(offset = 0): this {
    return this.op(0x2b).memarg(3, offset);
  }
  f32Store(offset = 0): this {
    return this.op(0x38).memarg(2, offset);
  }
  f64Store(offset = 0): this {
    return this.op(0x39).memarg(3, offset);
  }
  f32Add(): this {
    return this.op(0x92);
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64PromoteF32(): this {
    return this.op(0xbb);
  }
  v128Load(offset = 0): this {
    return this.simd(0x00).memarg(4, offset);
  }
  v128Load32Splat(offset = 0): this {
    return this.simd(0x09).memarg(2, offset);
  }
  v128Load64Splat(offset = 0): this {
    return this.simd(0x0a).memarg(3, offset);
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b).memarg(4, offset);
  }
  /** `v128.const` with all sixteen bytes zero. */
  v128ConstZero(): this {
    this.simd(0x0c);
    for (let byte = 0; byte < 16; byte++) this.bytes.push(0);
    return this;
  }
  /** `v128.const` holding `value` (rounded to f32) in all four lanes. */
  f32x4Const(value: number): this {
    this.simd(0x0c);
    const lane = new Uint8Array(Float32Array.of(value).buffer);
    for (let copy = 0; copy < 4; copy++) this.bytes.push(...lane);
    return this;
  }
  f32x4ExtractLane(lane: number): this {
    return this.simd(0x1f).op(lane);
  }
  f64x2ExtractLane(lane: number): this {
    return this.simd(0x21).op(lane);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Div(): this {
    return this.simd(0xe7);
  }
  f32x4Min(): this {
    return this.simd(0xe8);
  }
  f32x4Max(): this {
    return this.simd(0xe9);
  }
  f32x4Neg(): this {
    return this.simd(0xe1);
  }
  f32x4Nearest(): this {
    return this.simd(0x6a);
  }
  i32x4TruncSatF32x4S(): this {
    return this.simd(0xf8);
  }
  i32x4Splat(): this {
    return this.simd(0x11);
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  i32x4Add(): this {
    return this.simd(0xae);
  }
  /** `i32x4.shl` (the shift count is an i32 operand). */
  i32x4Shl(): this {
    return this.simd(0xab);
  }
  /** `i32x4.shr_u` (the shift count is an i32 operand). */
  i32x4ShrU(): this {
    return this.simd(0xad);
  }
  v128And(): this {
    return this.simd(0x4e);
  }
  v128Or(): this {
    return this.simd(0x50);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }
  /** Relaxed SIMD fused (or not) multiply-add `a * b + c`. */
  f32x4RelaxedMadd(): this {
    return this.simd(0x105);
  }
  f64x2RelaxedMadd(): this {
    return this.simd(0x107);
  }
}

/** One function to add to a module. `locals` are the extra locals after the parameters. */
export interface FunctionDefinition {
  readonly name: string;
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
  readonly locals: readonly ValueType[];
  readonly body: FunctionBodyBuilder;
}

/** The memory a module imports as `env.memory`. */
export interface MemoryImport {
  readonly initialPages: number;
  readonly maximumPages: number;
  readonly shared: boolean;
}

/**
 * Assembles a module that imports one memory (`env.memory`) and exports every given function by name.
 * Function types are deduplicated.
 */
export function buildWasmModule(
  memory: MemoryImport,
  functions: readonly FunctionDefinition[],
): Uint8Array<ArrayBuffer> {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const typeKeys: string[] = [];
  const typeIndexOf = functions.map((fn) => {
    const key = `${fn.params.join(',')}->${fn.results.join(',')}`;
    let index = typeKeys.indexOf(key);
    if (index < 0) {
      typeKeys.push(key);
      index = typeKeys.length - 1;
    }
    return index;
  });

  const typeSection: number[] = [];
  pushUnsignedLeb128(typeSection, typeKeys.length);
  for (const key of typeKeys) {
    const fn = functions[typeIndexOf.indexOf(typeKeys.indexOf(key))]!;
    typeSection.push(0x60);
    pushUnsignedLeb128(typeSection, fn.params.length);
    typeSection.push(...fn.params);
    pushUnsignedLeb128(typeSection, fn.results.length);
    typeSection.push(...fn.results);
  }
  pushSection(out, 1, typeSection);

  const importSection: number[] = [1];
  pushName(importSection, 'env');
  pushName(importSection, 'memory');
  importSection.push(0x02, memory.shared ? 0x03 : 0x01);
  pushUnsignedLeb128(importSection, memory.initialPages);
  pushUnsignedLeb128(importSection, memory.maximumPages);
  pushSection(out, 2, importSection);

  const functionSection: number[] = [];
  pushUnsignedLeb128(functionSection, functions.length);
  for (const index of typeIndexOf) pushUnsignedLeb128(functionSection, index);
  pushSection(out, 3, functionSection);

  const exportSection: number[] = [];
  pushUnsignedLeb128(exportSection, functions.length);
  functions.forEach((fn, index) => {
    pushName(exportSection, fn.name);
    exportSection.push(0x00);
    pushUnsignedLeb128(exportSection, index);
  });
  pushSection(out, 7, exportSection);

  const codeSection: number[] = [];
  pushUnsignedLeb128(codeSection, functions.length);
  for (const fn of functions) {
    const body: number[] = [];
    // Run-length encode the locals by type.
    const groups: { type: ValueType; count: number }[] = [];
    for (const type of fn.locals) {
      const last = groups[groups.length - 1];
      if (last && last.type === type) last.count++;
      else groups.push({ type, count: 1 });
    }
    pushUnsignedLeb128(body, groups.length);
    for (const group of groups) {
      pushUnsignedLeb128(body, group.count);
      body.push(group.type);
    }
    body.push(...fn.body.bytes, 0x0b);
    pushUnsignedLeb128(codeSection, body.length);
    codeSection.push(...body);
  }
  pushSection(out, 10, codeSection);
  return Uint8Array.from(out);
}

function pushSection(out: number[], id: number, content: readonly number[]): void {
  out.push(id);
  pushUnsignedLeb128(out, content.length);
  for (const byte of content) out.push(byte);
}

function pushName(out: number[], name: string): void {
  const encoded = new TextEncoder().encode(name);
  pushUnsignedLeb128(out, encoded.length);
  out.push(...encoded);
}
