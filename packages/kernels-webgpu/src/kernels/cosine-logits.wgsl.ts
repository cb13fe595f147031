import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { flatIndexWgsl, itemWorkgroupSize, paramsStructWgsl } from './params.wgsl.ts';

/** The bindings of `cosine-logits`, in order (see `KernelBindings`). */
export const cosineLogitsBindings = {
  params: paramsBinding,
  x: read('f32'),
  embeddings: read('f32'),
  logits: write('f32'),
} as const satisfies KernelBindings;

/**
 * DynMoE cosine logits `z_te = logitScale * <x_t/|x_t|, w_e/|w_e|>` with `W_g [d, E]` (one column per
 * expert) and norms clamped below at 1e-12 (as `F.normalize`). One thread per (token, expert); each thread
 * recomputes both norms, which costs O(d) like the dot product itself. Reads `params.tokens` and
 * `params.scalar0` (the logit scale).
 */
export function cosineLogitsWgsl(constants: { d: number; experts: number }): string {
  return /* wgsl */ `
const D: u32 = ${constants.d}u;
const EXPERTS: u32 = ${constants.experts}u;
${paramsStructWgsl}${bindingsWgsl(cosineLogitsBindings)}
${flatIndexWgsl}
@compute @workgroup_size(${itemWorkgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = flat_index(gid, groups);
  if (index >= params.tokens * EXPERTS) { return; }
  let token = index / EXPERTS;
  let expert = index % EXPERTS;
  var dot = 0.0;
  var xNorm = 0.0;
  var wNorm = 0.0;
  for (var k = 0u; k < D; k++) {
    let xv = x[token * D + k];
    let wv = embeddings[k * EXPERTS + expert];
    dot += xv * wv;
    xNorm += xv * xv;
    wNorm += wv * wv;
  }
  logits[index] = params.scalar0 * dot / (max(sqrt(xNorm), 1e-12) * max(sqrt(wNorm), 1e-12));
}
`;
}
