import { flatIndexWgsl, itemWorkgroupSize, paramsStructWgsl } from './params.wgsl.ts';

/**
 * Router GEMM `logits = x W_router^T` (`x [T, d]`, `W_router [candidates, d]`), one thread per (token,
 * candidate). The router is tiny next to the expert GEMMs (candidates << f), so a plain dot product per
 * output keeps this kernel obviously correct. Reads `params.tokens`.
 */
export function routerLogitsWgsl(constants: { d: number; candidates: number }): string {
  return /* wgsl */ `
const D: u32 = ${constants.d}u;
const CANDIDATES: u32 = ${constants.candidates}u;
${paramsStructWgsl}
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> router: array<f32>;
@group(0) @binding(3) var<storage, read_write> logits: array<f32>;
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
