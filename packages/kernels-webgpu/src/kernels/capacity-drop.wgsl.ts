import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { flatIndexWgsl, itemWorkgroupSize, paramsStructWgsl } from './params.wgsl.ts';

/** The bindings of `capacity-drop`, in order (see `KernelBindings`). */
export const capacityDropBindings = {
  params: paramsBinding,
  slotExpertIn: read('i32'),
  slotWeightIn: read('f32'),
  slotExpert: write('i32'),
  slotWeight: write('f32'),
  kCount: write('i32'),
} as const satisfies KernelBindings;

/**
 * Top-k capacity dropping (Megatron "probs" policy): each real expert keeps, among the tokens that selected
 * it, the `C` with the largest combine weight (ties: lower token); zero-computation experts are never
 * dropped. One thread per token ranks each of its slots against every other token's slots of the same
 * expert (O(T k) per slot, no sort, no atomics) and writes its compacted slots to fresh buffers, so weights
 * stay as they were (not renormalised). Reads `params.tokens` and `params.count0` (C).
 */
export function capacityDropWgsl(constants: { experts: number; kMax: number }): string {
  return /* wgsl */ `
const EXPERTS: u32 = ${constants.experts}u;
const K_MAX: u32 = ${constants.kMax}u;
${paramsStructWgsl}${bindingsWgsl(capacityDropBindings)}
${flatIndexWgsl}
@compute @workgroup_size(${itemWorkgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let token = flat_index(gid, groups);
  if (token >= params.tokens) { return; }
  var written = 0u;
  for (var j = 0u; j < K_MAX; j++) {
    let expert = slotExpertIn[token * K_MAX + j];
    if (expert < 0) { break; }
    let weight = slotWeightIn[token * K_MAX + j];
    var keep = true;
    if (u32(expert) < EXPERTS) {
      var rank = 0u;
      for (var other = 0u; other < params.tokens; other++) {
        for (var i = 0u; i < K_MAX; i++) {
          let otherExpert = slotExpertIn[other * K_MAX + i];
          if (otherExpert != expert) { continue; }
          let otherWeight = slotWeightIn[other * K_MAX + i];
          if (otherWeight > weight || (otherWeight == weight && other < token)) { rank++; }
        }
      }
      keep = rank < params.count0;
    }
    if (keep) {
      slotExpert[token * K_MAX + written] = expert;
      slotWeight[token * K_MAX + written] = weight;
      written++;
    }
  }
  kCount[token] = i32(written);
  for (var j = written; j < K_MAX; j++) {
    slotExpert[token * K_MAX + j] = -1;
    slotWeight[token * K_MAX + j] = 0.0;
  }
}
`;
}
