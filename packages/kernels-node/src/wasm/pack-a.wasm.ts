import { kernelNames } from './kernel-names.ts';
import {
  FunctionBodyBuilder,
  type FunctionDefinition,
  type ValueType,
  valueType,
} from './wasm-module-builder.ts';

/**
 * Packs `kCount` columns of four contiguous f32 rows into a `[k][4]` tile (f32, or widened to f64). Packing
 * A is O(rows x depth) against the GEMM's O(rows x depth x columns), but in JavaScript it cost about a fifth
 * of a grouped GEMM with ~130 rows per expert; as a wasm loop it is a few percent.
 */
export function emitPackA(precision: 'f32' | 'f64'): FunctionDefinition {
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
