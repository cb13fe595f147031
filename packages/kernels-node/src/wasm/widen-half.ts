import type { LocalAllocator } from './local-allocator.ts';
import { type FunctionBodyBuilder, valueType } from './wasm-module-builder.ts';

/**
 * Sets up the constants of 16-bit widening (once, before the loop) and returns the emitter of one step's
 * load: 16 bytes at `panel + offset` (8 values in `halfPanelLaneOrder`) into the two float32 vectors `low`
 * (columns 0-3: `i32x4.shl 16`) and `high` (columns 4-7: `v128.and 0xffff0000`). That is all BF16 needs.
 * F16 then moves exponent and mantissa 13 bits right (a float32 with the F16's bits in place) and
 * multiplies by 2^112, which rebiases the exponent (15 -> 127) and makes F16 subnormals exact float32
 * normals; the sign is ORed back. F16 Infinity / NaN would come out wrong, but validation rejects them.
 */
export function emitHalfWidening(
  body: FunctionBodyBuilder,
  locals: LocalAllocator,
  weights: 'bf16' | 'f16',
): (panel: number, offset: number, low: number, high: number) => void {
  const raw = locals.add(valueType.v128);
  const highMask = locals.add(valueType.v128);
  body
    .i32Const(0xffff0000 | 0)
    .i32x4Splat()
    .localSet(highMask);
  let toFloat32 = (_target: number): void => {};
  if (weights === 'f16') {
    // The upper 16 bits of each lane hold one F16: sign at bit 31, exponent and mantissa below it.
    const magnitudeMask = locals.add(valueType.v128);
    const signMask = locals.add(valueType.v128);
    const rebias = locals.add(valueType.v128);
    body.i32Const(0x7fffffff).i32x4Splat().localSet(magnitudeMask);
    body
      .i32Const(0x80000000 | 0)
      .i32x4Splat()
      .localSet(signMask);
    body.f32x4Const(2 ** 112).localSet(rebias);
    toFloat32 = (target) => {
      body.localGet(target).localGet(magnitudeMask).v128And().i32Const(3).i32x4ShrU();
      body.localGet(rebias).f32x4Mul();
      body.localGet(target).localGet(signMask).v128And().v128Or().localSet(target);
    };
  }
  return (panel, offset, low, high) => {
    body.localGet(panel).v128Load(offset).localSet(raw);
    body.localGet(raw).i32Const(16).i32x4Shl().localSet(low);
    body.localGet(raw).localGet(highMask).v128And().localSet(high);
    toFloat32(low);
    toFloat32(high);
  };
}
