import { rowLoadWgsl } from './gemm-core.wgsl.ts';

/**
 * How expert weights sit on the device: float32, or 16-bit floats packed two per `u32` (element `2i` in the
 * low half) and widened in the kernels. Widening is exact, so a 16-bit layer computes what the float32 layer
 * of the widened weights computes, reading half the bytes (what a memory-bound decode step is made of).
 * - `bf16`: the upper half of a float32, widened by a shift;
 * - `f16`: IEEE binary16, widened by `unpack2x16float`, a core WGSL builtin (no `shader-f16` needed). WGSL
 *   lets an implementation flush subnormal f16 values (below 6.1e-5) to zero; weights that small add less
 *   than the fixtures' tolerances to any output.
 */
export type WeightDtype = 'f32' | 'bf16' | 'f16';

/** The storage element of a weight operand: `vec4<f32>` / `f32` as float32, `vec2<u32>` / `u32` as 16 bits. */
export function weightElement(dtype: WeightDtype, vectorised: boolean): string {
  if (dtype === 'f32') return vectorised ? 'vec4<f32>' : 'f32';
  return vectorised ? 'vec2<u32>' : 'u32';
}

/** A WGSL expression: the two 16-bit values of the `u32` `word`, widened (low half first). */
function widenPair(dtype: Exclude<WeightDtype, 'f32'>, word: string): string {
  return dtype === 'bf16'
    ? `vec2<f32>(bitcast<f32>(${word} << 16u), bitcast<f32>(${word} & 0xffff0000u))`
    : `unpack2x16float(${word})`;
}

/**
 * `fn name(base: i32, k4: u32) -> vec4<f32>` reading weight row elements `4 k4 .. 4 k4 + 3` of `buffer` (zero
 * past `depth` or for a masked row, `base < 0`), whatever the weights' dtype: the same signature and `base`
 * units as `rowLoadWgsl` (a `vec4` index when `depth` is a multiple of 4, an element index otherwise), so a
 * kernel swaps one for the other without touching its loop.
 */
export function weightRowLoadWgsl(
  name: string,
  buffer: string,
  depth: number,
  vectorised: boolean,
  dtype: WeightDtype,
): string {
  if (dtype === 'f32') return rowLoadWgsl(name, buffer, depth, vectorised);
  if (vectorised) {
    // Four 16-bit weights are one vec2<u32>: the vec4 index of the float32 layout indexes it directly.
    return /* wgsl */ `
fn ${name}(base: i32, k4: u32) -> vec4<f32> {
  if (base < 0 || k4 >= ${depth / 4}u) { return vec4<f32>(0.0); }
  let words = ${buffer}[u32(base) + k4];
  return vec4<f32>(${widenPair(dtype, 'words.x')}, ${widenPair(dtype, 'words.y')});
}`;
  }
  return /* wgsl */ `
fn ${name}(base: i32, k4: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (base < 0) { return v; }
  let k = k4 * 4u;
  for (var c = 0u; c < 4u; c++) {
    if (k + c < ${depth}u) {
      let element = u32(base) + k + c;
      let pair = ${widenPair(dtype, `${buffer}[element >> 1u]`)};
      v[c] = select(pair.x, pair.y, (element & 1u) == 1u);
    }
  }
  return v;
}`;
}
