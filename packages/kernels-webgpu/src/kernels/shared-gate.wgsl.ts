import type { SharedExpertGateV1 } from '@anyk/core';
import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { flatIndexWgsl, itemWorkgroupSize, paramsStructWgsl } from './params.wgsl.ts';

/** The bindings of `shared-gate`, in order (see `KernelBindings`). */
export const sharedGateBindings = {
  params: paramsBinding,
  x: read('f32'),
  gateWeight: read('f32'),
  sharedWeight: write('f32'),
} as const satisfies KernelBindings;

/**
 * The weight `a_ts` of every shared expert for every token, token-major `[T, S]` (what the shared experts'
 * down projection reads as its rows' combine weights): 1 for `gate: 'none'` (DeepSeek-V3), the one scalar
 * `sigmoid(x_t . gateWeight)` on every shared expert for `'sigmoid'` (Qwen2-MoE's `shared_expert_gate`).
 * One thread per token; the dot product is `d` long, tiny next to the experts. Reads `params.tokens`.
 */
export function sharedGateWgsl(constants: {
  d: number;
  count: number;
  gate: Exclude<SharedExpertGateV1, 'softmax-mixed'>;
}): string {
  const weight =
    constants.gate === 'sigmoid'
      ? `var dot = 0.0;
  for (var k = 0u; k < D; k++) { dot += x[token * D + k] * gateWeight[k]; }
  let weight = 1.0 / (1.0 + exp(-dot));`
      : 'let weight = 1.0;';
  return /* wgsl */ `
const D: u32 = ${constants.d}u;
const SHARED: u32 = ${constants.count}u;
${paramsStructWgsl}${bindingsWgsl(sharedGateBindings)}
${flatIndexWgsl}
@compute @workgroup_size(${itemWorkgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let token = flat_index(gid, groups);
  if (token >= params.tokens) { return; }
  ${weight}
  for (var s = 0u; s < SHARED; s++) { sharedWeight[token * SHARED + s] = weight; }
}
`;
}
