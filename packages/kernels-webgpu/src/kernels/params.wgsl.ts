/**
 * The one uniform block every kernel reads. Shape constants that select code (E, kMax, d, f, the rule) are
 * baked into the WGSL text; what changes call to call (tokens, capacities, scales) lives here, so a new
 * batch size never recompiles a pipeline. Each kernel documents which fields it reads, and binds the block
 * as `params` (`paramsBinding`, first in its bindings).
 */
export const paramsStructWgsl = /* wgsl */ `
struct Params {
  tokens: u32,
  count0: u32,
  count1: u32,
  count2: u32,
  scalar0: f32,
  scalar1: f32,
  pad0: f32,
  pad1: f32,
}
`;

/** Threads per workgroup of the one-thread-per-item kernels. */
export const itemWorkgroupSize = 64;

/** The flat item index of a one-thread-per-item kernel whose grid may be folded into y (> 65,535 groups). */
export const flatIndexWgsl = /* wgsl */ `
fn flat_index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * ${itemWorkgroupSize}u;
}
`;

/** Formats a number as a WGSL f32 literal (always with a decimal point or exponent). */
export function f32Literal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot bake ${value} into WGSL`);
  const text = String(Math.fround(value));
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/**
 * The entry point of the tiled kernels (GEMMs, GEMVs): `@compute` with `threads` per workgroup, the workgroup
 * id `wid`, the grid size `groups` (a grid folded into y past 65,535) and the local index `local`. Ends
 * with the opening brace of `main`'s body.
 */
export function tiledMainWgsl(threads: number, extraBuiltins = ''): string {
  return `@compute @workgroup_size(${threads})
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) local: u32,
${extraBuiltins}) {`;
}
