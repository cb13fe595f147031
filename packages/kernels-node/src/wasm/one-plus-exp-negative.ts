import type { LocalAllocator } from './local-allocator.ts';
import { type FunctionBodyBuilder, valueType } from './wasm-module-builder.ts';

/**
 * `exp(x)` coefficients (Cephes `expf`): `x = n ln2 + r`, `|r| <= ln2 / 2`, `exp(r)` by a degree-7
 * polynomial, `2^n` built in the exponent bits; about 1 ulp in float32.
 */
const expPolynomial = [
  1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1,
];

/** The v128 locals of `emitOnePlusExpNegative`: the input, three temporaries and the result. */
export interface ExpLocals {
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
export function emitOnePlusExpNegative(body: FunctionBodyBuilder, l: ExpLocals): void {
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

/** `ExpLocals` allocated in `locals`. */
export function expLocals(locals: LocalAllocator): ExpLocals {
  return {
    input: locals.add(valueType.v128),
    x: locals.add(valueType.v128),
    n: locals.add(valueType.v128),
    r: locals.add(valueType.v128),
    result: locals.add(valueType.v128),
  };
}
