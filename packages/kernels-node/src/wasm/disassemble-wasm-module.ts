/**
 * Prints a module from `buildWasmModule` in a WAT-like text form: its memory import, then each exported
 * function with its signature, locals and one instruction per line, indented by block depth. It reads the
 * bytes (not the emitters), so a snapshot of its output turns any kernel edit into a reviewable diff and
 * proves a refactor left the bytes alone. It knows exactly the instructions `FunctionBodyBuilder` emits and
 * throws on any other opcode, so a new instruction gets its name here before its snapshot can be taken.
 */
export function disassembleWasmModule(bytes: Uint8Array): string {
  const reader = new ByteReader(bytes);
  if (reader.u32le() !== 0x6d736100 || reader.u32le() !== 1) throw new Error('not a wasm v1 module');
  const types: { params: string[]; results: string[] }[] = [];
  const functionTypes: number[] = [];
  const names: string[] = [];
  const lines: string[] = ['(module'];
  while (!reader.done) {
    const id = reader.byte();
    const end = reader.uleb() + reader.offset;
    if (id === 1) {
      for (let count = reader.uleb(); count > 0; count--) {
        if (reader.byte() !== 0x60) throw new Error('expected a function type');
        const params = reader.vector(() => valueTypeName(reader.byte()));
        const results = reader.vector(() => valueTypeName(reader.byte()));
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let count = reader.uleb(); count > 0; count--) {
        const module = reader.name();
        const field = reader.name();
        if (reader.byte() !== 0x02) throw new Error('only memory imports are printed');
        const flags = reader.byte();
        const initial = reader.uleb();
        const maximum = flags & 1 ? ` ${reader.uleb()}` : '';
        const shared = flags & 2 ? ' shared' : '';
        lines.push(`  (import "${module}" "${field}" (memory ${initial}${maximum}${shared}))`);
      }
    } else if (id === 3) {
      functionTypes.push(...reader.vector(() => reader.uleb()));
    } else if (id === 7) {
      for (let count = reader.uleb(); count > 0; count--) {
        const name = reader.name();
        if (reader.byte() !== 0x00) throw new Error('only function exports are printed');
        names[reader.uleb()] = name;
      }
    } else if (id === 10) {
      const count = reader.uleb();
      for (let index = 0; index < count; index++) {
        const type = types[functionTypes[index]!]!;
        const bodyEnd = reader.uleb() + reader.offset;
        const signature = [
          type.params.length > 0 ? ` (param ${type.params.join(' ')})` : '',
          type.results.length > 0 ? ` (result ${type.results.join(' ')})` : '',
        ].join('');
        lines.push(`  (func $${names[index] ?? index}${signature}`);
        const locals: string[] = [];
        for (let groups = reader.uleb(); groups > 0; groups--) {
          const repeat = reader.uleb();
          const name = valueTypeName(reader.byte());
          for (let copy = 0; copy < repeat; copy++) locals.push(name);
        }
        if (locals.length > 0) lines.push(`    (local ${locals.join(' ')})`);
        printBody(reader, bodyEnd, lines);
        lines.push('  )');
      }
    } else throw new Error(`unexpected section ${id}`);
    if (reader.offset !== end) throw new Error(`section ${id} ends at ${reader.offset}, expected ${end}`);
  }
  lines.push(')');
  return `${lines.join('\n')}\n`;
}

/** The instructions without immediates, by opcode (`0xfd` SIMD opcodes as `0xfd00 + code`). */
const plainInstructions: Record<number, string> = {
  5: 'else',
  69: 'i32.eqz',
  72: 'i32.lt_s',
  74: 'i32.gt_s',
  78: 'i32.ge_s',
  106: 'i32.add',
  107: 'i32.sub',
  108: 'i32.mul',
  146: 'f32.add',
  160: 'f64.add',
  187: 'f64.promote_f32',
  64785: 'i32x4.splat',
  64787: 'f32x4.splat',
  64846: 'v128.and',
  64848: 'v128.or',
  64874: 'f32x4.nearest',
  64939: 'i32x4.shl',
  64941: 'i32x4.shr_u',
  64942: 'i32x4.add',
  64993: 'f32x4.neg',
  64996: 'f32x4.add',
  64997: 'f32x4.sub',
  64998: 'f32x4.mul',
  64999: 'f32x4.div',
  65000: 'f32x4.min',
  65001: 'f32x4.max',
  65008: 'f64x2.add',
  65010: 'f64x2.mul',
  65016: 'i32x4.trunc_sat_f32x4_s',
  65029: 'f32x4.relaxed_madd',
  65031: 'f64x2.relaxed_madd',
};

/** Loads and stores: opcode -> name and natural alignment (log2 bytes). */
const memoryInstructions: Record<number, [string, number]> = {
  42: ['f32.load', 2],
  43: ['f64.load', 3],
  56: ['f32.store', 2],
  57: ['f64.store', 3],
  64768: ['v128.load', 4],
  64777: ['v128.load32_splat', 2],
  64778: ['v128.load64_splat', 3],
  64779: ['v128.store', 4],
};

function printBody(reader: ByteReader, end: number, lines: string[]): void {
  let depth = 2;
  const emit = (text: string) => lines.push(`${'  '.repeat(depth)}${text}`);
  while (reader.offset < end) {
    const first = reader.byte();
    const opcode = first === 0xfd ? 0xfd00 + reader.uleb() : first;
    const plain = plainInstructions[opcode];
    const memory = memoryInstructions[opcode];
    if (plain !== undefined) {
      if (opcode === 0x05) lines.push(`${'  '.repeat(depth - 1)}else`);
      else emit(plain);
    } else if (memory !== undefined) {
      const [name, naturalAlign] = memory;
      const align = reader.uleb();
      const offset = reader.uleb();
      emit(
        `${name}${offset !== 0 ? ` offset=${offset}` : ''}${align !== naturalAlign ? ` align=${2 ** align}` : ''}`,
      );
    } else if (opcode === 0x02 || opcode === 0x03 || opcode === 0x04) {
      if (reader.byte() !== 0x40) throw new Error('only empty block types are printed');
      emit(opcode === 0x02 ? 'block' : opcode === 0x03 ? 'loop' : 'if');
      depth++;
    } else if (opcode === 0x0b) {
      depth--;
      if (reader.offset === end) break; // the function's own `end`
      emit('end');
    } else if (opcode >= 0x20 && opcode <= 0x22) {
      emit(`${['local.get', 'local.set', 'local.tee'][opcode - 0x20]} ${reader.uleb()}`);
    } else if (opcode === 0x0c || opcode === 0x0d) {
      emit(`${opcode === 0x0c ? 'br' : 'br_if'} ${reader.uleb()}`);
    } else if (opcode === 0x41) {
      emit(`i32.const ${reader.sleb()}`);
    } else if (opcode === 0xfd0c) {
      const lanes = new Uint8Array(16);
      for (let byte = 0; byte < 16; byte++) lanes[byte] = reader.byte();
      emit(`v128.const f32x4 ${Array.from(new Float32Array(lanes.buffer)).join(' ')}`);
    } else if (opcode === 0xfd1f || opcode === 0xfd21) {
      emit(`${opcode === 0xfd1f ? 'f32x4' : 'f64x2'}.extract_lane ${reader.byte()}`);
    } else {
      throw new Error(`opcode 0x${opcode.toString(16)} at byte ${reader.offset} has no name here`);
    }
  }
  if (depth !== 1 || reader.offset !== end) throw new Error('unbalanced function body');
}

function valueTypeName(code: number): string {
  const name = { 127: 'i32', 126: 'i64', 125: 'f32', 124: 'f64', 123: 'v128' }[code];
  if (name === undefined) throw new Error(`unknown value type 0x${code.toString(16)}`);
  return name;
}

/** Sequential reads of the binary format's integers and names. */
class ByteReader {
  offset = 0;
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get done(): boolean {
    return this.offset >= this.#bytes.length;
  }

  byte(): number {
    if (this.offset >= this.#bytes.length) throw new Error('unexpected end of module');
    return this.#bytes[this.offset++]!;
  }

  u32le(): number {
    return (this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24)) >>> 0;
  }

  uleb(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) return result;
    }
  }

  sleb(): number {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return byte & 0x40 ? result - 2 ** shift : result;
  }

  vector<T>(read: () => T): T[] {
    const items: T[] = [];
    for (let count = this.uleb(); count > 0; count--) items.push(read());
    return items;
  }

  name(): string {
    const length = this.uleb();
    const text = new TextDecoder().decode(this.#bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return text;
  }
}
