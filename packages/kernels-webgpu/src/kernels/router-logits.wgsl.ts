import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { flatIndexWgsl, itemWorkgroupSize, paramsStructWgsl } from './params.wgsl.ts';

/** The bindings of `router-logits`, in order (see `KernelBindings`). */
export const routerLogitsBindings = {
  params: paramsBinding,
  x: read('f32'),
  router: read('f32'),
  logits: write('f32'),
} as const satisfies KernelBindings;

/**
 * Router GEMM `logits = x W_router^T` (`x [T, d]`, `W_router [candidates, d]`), one thread per (token,
 * candidate). The router is tiny next to the expert GEMMs (candidates << f), so a plain dot product per
 * output keeps this kernel obviously correct. Reads `params.tokens`.
 */
export function routerLogitsWgsl(constants: { d: number; candidates: number }): string {
  return /* wgsl */ `
const D: u32 = ${constants.d}u;
const CANDIDATES: u32 = ${constants.candidates}u;
${paramsStructWgsl}${bindingsWgsl(routerLogitsBindings)}
${flatIndexWgsl}
@compute @workgroup_size(${itemWorkgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = flat_index(gid, groups);
  if (index >= params.tokens * CANDIDATES) { return; }
  let token = index / CANDIDATES;
  let expert = index % CANDIDATES;
  var sum = 0.0;
  for (var k = 0u; k < D; k++) {
    sum += x[token * D + k] * router[expert * D + k];
  }
  logits[index] = sum;
}
`;
}
