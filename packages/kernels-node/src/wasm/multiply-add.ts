import type { MultiplyAddMode } from './kernel-shapes.ts';
import type { FunctionBodyBuilder } from './wasm-module-builder.ts';

/** `accumulator += a * b` on v128 locals: one relaxed FMA, or a SIMD128 `mul` then `add`. */
export function emitMultiplyAdd(
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
