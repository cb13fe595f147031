import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { flatIndexWgsl, itemWorkgroupSize, paramsStructWgsl } from './params.wgsl.ts';

/** The bindings of `router-backward`, in order (see `KernelBindings`). */
export const routerBackwardBindings = {
  params: paramsBinding,
  dZ: read('f32'),
  other: read('f32'),
  out: write('f32'),
} as const satisfies KernelBindings;

/**
 * The two products of the router GEMM's backward, given `dZ [T, N]` (the gradient of the raw logits
 * `Z = x W_router^T`, from the host's router backward):
 * - `input`: `dx[t, i] = sum_e dZ[t, e] W[e, i]`, one thread per (token, i);
 * - `weights`: `dW[e, i] = sum_t dZ[t, e] x[t, i]`, one thread per (candidate, i), looping over the tokens.
 * Consecutive threads take consecutive `i`, so `W` / `x` reads coalesce and the `dZ` read is shared. Fixed
 * summation order: bit-stable. Reads `params.tokens` (T).
 */
export type RouterBackwardMode = 'input' | 'weights';

export function routerBackwardWgsl(constants: {
  mode: RouterBackwardMode;
  d: number;
  candidates: number;
}): string {
  const { mode, d, candidates } = constants;
  const body =
    mode === 'input'
      ? `if (index >= params.tokens * D) { return; }
  let token = index / D;
  let column = index % D;
  var sum = 0.0;
  for (var e = 0u; e < N; e++) { sum += dZ[token * N + e] * other[e * D + column]; }
  out[index] = sum;`
      : `if (index >= N * D) { return; }
  let candidate = index / D;
  let column = index % D;
  var sum = 0.0;
  for (var t = 0u; t < params.tokens; t++) { sum += dZ[t * N + candidate] * other[t * D + column]; }
  out[index] = sum;`;
  return /* wgsl */ `
const D: u32 = ${d}u;
const N: u32 = ${candidates}u;
${paramsStructWgsl}${bindingsWgsl(routerBackwardBindings)}
${flatIndexWgsl}
@compute @workgroup_size(${itemWorkgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = flat_index(gid, groups);
  ${body}
}
`;
}
