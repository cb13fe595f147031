import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { flatIndexWgsl, itemWorkgroupSize, paramsStructWgsl } from './params.wgsl.ts';

/** Tokens per plan block: each block's slots are counted and scattered by one thread, in token order. */
export const planBlockTokens = 16;

/** The bindings of `plan-count`, in order (see `KernelBindings`). */
export const planCountBindings = {
  params: paramsBinding,
  slotExpert: read('i32'),
  blockCounts: write('u32'),
} as const satisfies KernelBindings;

/**
 * Plan step 1 of 3: per-block histogram `blockCounts[b, e]` of the real experts in the slots of the
 * `planBlockTokens` tokens of block b. One thread owns one block's row, so no atomics are needed and the
 * counts (and everything built from them) are the same on every run. Reads `params.tokens`.
 */
export function planCountWgsl(constants: { experts: number; kMax: number }): string {
  return /* wgsl */ `
const EXPERTS: u32 = ${constants.experts}u;
const K_MAX: u32 = ${constants.kMax}u;
const BLOCK: u32 = ${planBlockTokens}u;
${paramsStructWgsl}${bindingsWgsl(planCountBindings)}
${flatIndexWgsl}
@compute @workgroup_size(${itemWorkgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let block = flat_index(gid, groups);
  let blocks = (params.tokens + BLOCK - 1u) / BLOCK;
  if (block >= blocks) { return; }
  for (var e = 0u; e < EXPERTS; e++) { blockCounts[block * EXPERTS + e] = 0u; }
  let end = min(params.tokens, (block + 1u) * BLOCK);
  for (var token = block * BLOCK; token < end; token++) {
    for (var j = 0u; j < K_MAX; j++) {
      let expert = slotExpert[token * K_MAX + j];
      if (expert >= 0 && u32(expert) < EXPERTS) {
        blockCounts[block * EXPERTS + u32(expert)] += 1u;
      }
    }
  }
}
`;
}
