import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { flatIndexWgsl, itemWorkgroupSize, paramsStructWgsl } from './params.wgsl.ts';

/** The bindings of `expert-choice`, in order (see `KernelBindings`). */
export const expertChoiceBindings = {
  params: paramsBinding,
  scores: read('f32'),
  routerParams: read('f32'),
  tieKeys: read('f32'),
  chosen: write('u32'),
} as const satisfies KernelBindings;

/**
 * Expert-choice routing: every candidate expert takes the `capacity` tokens with the largest
 * `score + selectionBias`; equal keys are ordered by `tieKeys` (the log-probabilities for softmax scores
 * without a bias, written by the routing kernel's `scores` mode: float32 probabilities that underflowed to
 * 0 or saturated at 1 keep the reference's float64 order), then by the lower token. One thread per (token, expert) computes its rank in the
 * expert's column by counting the tokens ahead of it, so the result needs no sort, no atomics and no
 * ordering between threads. Writes `chosen[t, e]` (1/0) for the routing kernel's `from-choice` mode.
 * Reads `params.tokens` and `params.count0` (the capacity).
 */
export function expertChoiceWgsl(constants: { candidates: number }): string {
  return /* wgsl */ `
const CANDIDATES: u32 = ${constants.candidates}u;
${paramsStructWgsl}${bindingsWgsl(expertChoiceBindings)}
${flatIndexWgsl}
@compute @workgroup_size(${itemWorkgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = flat_index(gid, groups);
  if (index >= params.tokens * CANDIDATES) { return; }
  let token = index / CANDIDATES;
  let expert = index % CANDIDATES;
  let bias = routerParams[expert];
  let key = scores[index] + bias;
  let tie = tieKeys[index];
  var rank = 0u;
  for (var other = 0u; other < params.tokens; other++) {
    let otherIndex = other * CANDIDATES + expert;
    let otherKey = scores[otherIndex] + bias;
    let otherTie = tieKeys[otherIndex];
    if (otherKey > key || (otherKey == key && (otherTie > tie || (otherTie == tie && other < token)))) {
      rank++;
    }
  }
  chosen[index] = select(0u, 1u, rank < params.count0);
}
`;
}
