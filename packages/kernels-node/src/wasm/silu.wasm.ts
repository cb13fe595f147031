import { kernelNames } from './kernel-names.ts';
import { emitLaneLoop } from './lane-loop.ts';
import { LocalAllocator } from './local-allocator.ts';
import { emitOnePlusExpNegative, expLocals } from './one-plus-exp-negative.ts';
import {
  FunctionBodyBuilder,
  type FunctionDefinition,
  type ValueType,
  valueType,
} from './wasm-module-builder.ts';

/**
 * The SiLU epilogue vectorised: `silu(g) = g / (1 + exp(-g))`, times `up` for SwiGLU. `Math.exp` in the
 * worker cost ~50 ns a value (70 ms of a 500 ms prefill); this runs four lanes at a time.
 */
export function emitSilu(gated: boolean): FunctionDefinition {
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
