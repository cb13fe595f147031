import { kernelNames } from './kernel-names.ts';
import type { MultiplyAddMode } from './kernel-shapes.ts';
import { LocalAllocator } from './local-allocator.ts';
import { emitMultiplyAdd } from './multiply-add.ts';
import {
  FunctionBodyBuilder,
  type FunctionDefinition,
  type ValueType,
  valueType,
} from './wasm-module-builder.ts';

/**
 * `C[m][n] = sum_k A[m][k] W[n][k]` for `rows` rows of A: several weight rows per iteration (four for
 * one or two rows of A, two otherwise: what fits V8's registers), vectorised along k (a multiple of 4:
 * rows are zero-padded) two vectors per iteration, a horizontal sum at the end. Each weight row is read
 * once for all the rows, which is what a decode step needs: the loop is memory-bound, so it keeps four
 * streams in flight and spends few instructions per byte.
 */
export function emitGemv(rows: number, mode: MultiplyAddMode): FunctionDefinition {
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
