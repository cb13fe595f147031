import type { FunctionBodyBuilder } from './wasm-module-builder.ts';

/**
 * `for (offset = 0; offset < 4 count; offset += 16) emitBody()`: a loop over `count` f32 values (a multiple
 * of 4), four lanes per iteration; `offset` is the byte offset the body reads, `bytes` a scratch local.
 */
export function emitLaneLoop(
  body: FunctionBodyBuilder,
  l: { readonly count: number; readonly offset: number; readonly bytes: number },
  emitBody: () => void,
): void {
  body.localGet(l.count).i32Const(4).i32Mul().localSet(l.bytes);
  body.i32Const(0).localSet(l.offset);
  body.block();
  body.localGet(l.bytes).i32Eqz().brIf(0);
  body.loop();
  emitBody();
  body.localGet(l.offset).i32Const(16).i32Add().localTee(l.offset).localGet(l.bytes).i32LtS().brIf(0);
  body.end();
  body.end();
}
