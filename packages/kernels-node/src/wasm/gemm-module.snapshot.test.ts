import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { disassembleWasmModule } from './disassemble-wasm-module.ts';
import { emitGemmModule, type MultiplyAddMode } from './gemm-kernels.ts';
import { buildWasmModule, FunctionBodyBuilder, valueType } from './wasm-module-builder.ts';

const sharedMemory = { initialPages: 1, maximumPages: 256, shared: true } as const;

/** The snapshot: the module's hash and size (so equal text proves equal bytes), then its text form. */
function snapshotText(bytes: Uint8Array): string {
  const hash = createHash('sha256').update(bytes).digest('hex');
  return `;; ${bytes.length} bytes, sha256 ${hash}\n${disassembleWasmModule(bytes)}`;
}

describe('the kernel module, one snapshot per variant', () => {
  for (const mode of ['relaxed-madd', 'mul-add'] as const satisfies readonly MultiplyAddMode[]) {
    it(`${mode}: its text form and hash are the reviewed ones`, async () => {
      const bytes = emitGemmModule(sharedMemory, mode);
      expect(WebAssembly.validate(bytes)).toBe(true);
      await expect(snapshotText(bytes)).toMatchFileSnapshot(`__snapshots__/gemm-module.${mode}.wat`);
    });
  }

  it('an unshared memory changes only the import line', () => {
    const shared = disassembleWasmModule(emitGemmModule(sharedMemory, 'mul-add')).split('\n');
    const unshared = disassembleWasmModule(
      emitGemmModule({ initialPages: 2, maximumPages: 4, shared: false }, 'mul-add'),
    ).split('\n');
    const differing = shared.flatMap((line, index) =>
      line === unshared[index] ? [] : [[line, unshared[index]]],
    );
    expect(differing).toEqual([
      ['  (import "env" "memory" (memory 1 256 shared))', '  (import "env" "memory" (memory 2 4))'],
    ]);
  });
});

describe('disassembleWasmModule', () => {
  it('prints nesting, immediates and signatures', () => {
    const body = new FunctionBodyBuilder()
      .block()
      .loop()
      .localGet(0)
      .i32Const(-3)
      .i32Add()
      .localTee(1)
      .i32Eqz()
      .brIf(1)
      .br(0)
      .end()
      .end()
      .localGet(1)
      .f32x4Const(0.5)
      .v128Store(16);
    const bytes = buildWasmModule({ initialPages: 1, maximumPages: 1, shared: false }, [
      { name: 'sample', params: [valueType.i32], results: [], locals: [valueType.i32], body },
    ]);
    expect(disassembleWasmModule(bytes)).toBe(
      [
        '(module',
        '  (import "env" "memory" (memory 1 1))',
        '  (func $sample (param i32)',
        '    (local i32)',
        '    block',
        '      loop',
        '        local.get 0',
        '        i32.const -3',
        '        i32.add',
        '        local.tee 1',
        '        i32.eqz',
        '        br_if 1',
        '        br 0',
        '      end',
        '    end',
        '    local.get 1',
        '    v128.const f32x4 0.5 0.5 0.5 0.5',
        '    v128.store offset=16',
        '  )',
        ')',
        '',
      ].join('\n'),
    );
  });

  it('refuses an opcode it has no name for', () => {
    const body = new FunctionBodyBuilder();
    body.bytes.push(0x00); // unreachable: FunctionBodyBuilder never emits it
    const bytes = buildWasmModule({ initialPages: 1, maximumPages: 1, shared: false }, [
      { name: 'trap', params: [], results: [], locals: [], body },
    ]);
    expect(() => disassembleWasmModule(bytes)).toThrow(/opcode 0x0 .* has no name/);
  });
});
