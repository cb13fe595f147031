import { kernelNames } from './kernel-names.ts';
import { LocalAllocator } from './local-allocator.ts';
import {
  FunctionBodyBuilder,
  type FunctionDefinition,
  type ValueType,
  valueType,
} from './wasm-module-builder.ts';
import { emitHalfWidening } from './widen-half.ts';

/**
 * Widens `steps` k steps of a 16-bit packed panel (16 bytes each, columns in `halfPanelLaneOrder`) into
 * ordinary float32 `[k][8]` panel steps (32 bytes each): what the prefill GEMM microkernel, which reads
 * float32 panels, multiplies with when a layer's weights are held as 16 bits. The same in-register
 * widening as the decode kernels (`widen-half.ts`), so float32 panels made this way equal the ones packed
 * from the widened weights.
 */
export function emitWidenHalfPanels(weights: 'bf16' | 'f16'): FunctionDefinition {
  // params: 0 source, 1 destination, 2 steps
  const [source, destination, steps] = [0, 1, 2];
  const locals = new LocalAllocator(3);
  const low = locals.add(valueType.v128);
  const high = locals.add(valueType.v128);
  const body = new FunctionBodyBuilder();
  const widen = emitHalfWidening(body, locals, weights);
  body.block();
  body.localGet(steps).i32Const(0).i32GtS().i32Eqz().brIf(0);
  body.loop();
  widen(source, 0, low, high);
  body.localGet(destination).localGet(low).v128Store(0);
  body.localGet(destination).localGet(high).v128Store(16);
  body.localGet(source).i32Const(16).i32Add().localSet(source);
  body.localGet(destination).i32Const(32).i32Add().localSet(destination);
  body.localGet(steps).i32Const(1).i32Sub().localTee(steps).i32Const(0).i32GtS().brIf(0);
  body.end();
  body.end();
  return {
    name: kernelNames.widenHalfPanels(weights),
    params: Array(3).fill(valueType.i32) as ValueType[],
    results: [],
    locals: locals.locals,
    body,
  };
}
