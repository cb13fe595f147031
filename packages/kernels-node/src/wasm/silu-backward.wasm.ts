import { kernelNames } from './kernel-names.ts';
import { emitLaneLoop } from './lane-loop.ts';
import { LocalAllocator } from './local-allocator.ts';
import { emitOnePlusExpNegative, expLocals } from './one-plus-exp-negative.ts';
import { FunctionBodyBuilder, type FunctionDefinition, valueType } from './wasm-module-builder.ts';

/**
 * The SwiGLU / SiLU backward vectorised (the forward's `exp`; `Math.exp` in the worker was ~70% of the
 * backward's GEMM time at d = 64): with `s = sigmoid(gate)` and `dh = weight dHraw`, SwiGLU writes
 * `dGate = dh up s (1 + gate (1 - s))` and `dUp = dh gate s`; SiLU writes `dX = dh s (1 + x (1 - s))`.
 */
export function emitSiluBackward(gated: boolean): FunctionDefinition {
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
