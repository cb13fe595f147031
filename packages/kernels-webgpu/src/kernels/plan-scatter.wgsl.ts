import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { flatIndexWgsl, itemWorkgroupSize, paramsStructWgsl } from './params.wgsl.ts';
import { planBlockTokens } from './plan-count.wgsl.ts';

/** The bindings of `plan-scatter`, in order (see `KernelBindings`). */
export const planScatterBindings = {
  params: paramsBinding,
  slotExpert: read('i32'),
  blockBase: write('u32'),
  rowToken: write('i32'),
  rowSlot: write('i32'),
  slotRow: write('i32'),
} as const satisfies KernelBindings;

/**
 * Plan step 3 of 3, the stable scatter: the thread of block b walks its tokens and slots in order and gives
 * each real-expert slot the next row of that expert in the block's range (`blockBase[b, e]`, from the scan).
 * Rows of one expert are therefore in ascending token order, which makes `rowToken`, `rowSlot` and `slotRow`
 * bit-identical to the CPU counting sort (`buildExpertPlan`) on every run. Reads `params.tokens`.
 */
export function planScatterWgsl(constants: { experts: number; kMax: number }): string {
  return /* wgsl */ `
const EXPERTS: u32 = ${constants.experts}u;
const K_MAX: u32 = ${constants.kMax}u;
const BLOCK: u32 = ${planBlockTokens}u;
${paramsStructWgsl}${bindingsWgsl(planScatterBindings)}
${flatIndexWgsl}
@compute @workgroup_size(${itemWorkgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let block = flat_index(gid, groups);
  let blocks = (params.tokens + BLOCK - 1u) / BLOCK;
  if (block >= blocks) { return; }
  let end = min(params.tokens, (block + 1u) * BLOCK);
  for (var token = block * BLOCK; token < end; token++) {
    for (var j = 0u; j < K_MAX; j++) {
      let slot = token * K_MAX + j;
      let expert = slotExpert[slot];
      if (expert >= 0 && u32(expert) < EXPERTS) {
        let cursor = block * EXPERTS + u32(expert);
        let row = blockBase[cursor];
        blockBase[cursor] = row + 1u;
        rowToken[row] = i32(token);
        rowSlot[row] = i32(slot);
        slotRow[slot] = i32(row);
      } else {
        slotRow[slot] = -1;
      }
    }
  }
}
`;
}
