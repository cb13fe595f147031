import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { f32Literal, flatIndexWgsl, itemWorkgroupSize, paramsStructWgsl } from './params.wgsl.ts';

/** The bindings of `uni-moe-weights`, in order (see `KernelBindings`). */
export const uniMoeWeightsBindings = {
  params: paramsBinding,
  logits: read('f32'),
  pickRate: read('f32'),
  slotExpert: write('i32'),
  slotWeight: write('f32'),
  kCount: write('i32'),
  sharedWeight: write('f32'),
} as const satisfies KernelBindings;

/** The shape and rule constants `uniMoeWeightsWgsl` bakes in. */
export interface UniMoeWeightsConstants {
  /** E: routed experts (ids `0 .. E-1`); null experts follow up to D. */
  readonly experts: number;
  /** D = E + Z. */
  readonly dynamic: number;
  /** S: shared columns after the dynamic ones (0: no mass split). */
  readonly shared: number;
  readonly kMax: number;
  /** Whether the selection has a capacity (`params.count0` is then C). */
  readonly capacity: boolean;
  /** The `window-renormalise` epsilon of the second renormalisation. */
  readonly epsilon: number;
}

/**
 * The rest of Uni-MoE-2.0's rule (core's `uniMoeRoute`, steps 4 and 5) from `uni-moe-picks`' rates, one thread
 * per token:
 * - capacity (when the selection has one): every dynamic column keeps the C picking tokens with the largest
 *   raw logit (ties: lower token), ranked here against every other token's pick of the column (O(T) per
 *   pick, no sort, no atomics); the surviving rates are renormalised again, `r / (sum r + epsilon)`;
 * - mass split (S > 0): a softmax of the logits over the surviving picks and every shared column; routed
 *   picks weigh `r_e` times the picks' share M, shared experts their own share (`sharedWeight [T, S]`);
 *   without shared columns routed picks weigh `r_e`;
 * - slots: surviving picks (routed and null) in ascending id, null picks with weight 0, as core lists them.
 * Reads `params.tokens` and `params.count0` (C).
 */
export function uniMoeWeightsWgsl(constants: UniMoeWeightsConstants): string {
  const { dynamic, shared } = constants;
  const capacity = constants.capacity
    ? /* wgsl */ `
  var keptSum = 0.0;
  for (var e = 0u; e < DYNAMIC; e++) {
    if (rate[e] == 0.0) { continue; }
    let own = logits[row + e];
    var rank = 0u;
    for (var other = 0u; other < params.tokens; other++) {
      if (pickRate[other * DYNAMIC + e] == 0.0) { continue; }
      let value = logits[other * COLUMNS + e];
      if (value > own || (value == own && other < token)) { rank++; }
    }
    if (rank >= params.count0) { rate[e] = 0.0; }
    keptSum += rate[e];
  }
  for (var e = 0u; e < DYNAMIC; e++) { rate[e] = rate[e] / (keptSum + EPSILON); }`
    : '';
  const massSplit =
    shared > 0
      ? /* wgsl */ `
  var largest = logits[row + DYNAMIC];
  for (var e = 0u; e < COLUMNS; e++) {
    if (e < DYNAMIC && rate[e] == 0.0) { continue; }
    largest = max(largest, logits[row + e]);
  }
  var total = 0.0;
  for (var e = 0u; e < COLUMNS; e++) {
    if (e < DYNAMIC && rate[e] == 0.0) { continue; }
    total += exp(logits[row + e] - largest);
  }
  mass = 0.0;
  for (var e = 0u; e < DYNAMIC; e++) {
    if (rate[e] != 0.0) { mass += exp(logits[row + e] - largest) / total; }
  }
  for (var s = 0u; s < SHARED; s++) {
    sharedWeight[token * SHARED + s] = exp(logits[row + DYNAMIC + s] - largest) / total;
  }`
      : '';
  return /* wgsl */ `
const EXPERTS: u32 = ${constants.experts}u;
const DYNAMIC: u32 = ${dynamic}u;
const SHARED: u32 = ${shared}u;
const COLUMNS: u32 = ${dynamic + shared}u;
const K_MAX: u32 = ${constants.kMax}u;
const EPSILON: f32 = ${f32Literal(constants.epsilon)};
${paramsStructWgsl}${bindingsWgsl(uniMoeWeightsBindings)}
${flatIndexWgsl}
@compute @workgroup_size(${itemWorkgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let token = flat_index(gid, groups);
  if (token >= params.tokens) { return; }
  let row = token * COLUMNS;
  var rate: array<f32, DYNAMIC>;
  for (var e = 0u; e < DYNAMIC; e++) { rate[e] = pickRate[token * DYNAMIC + e]; }
  ${capacity}
  var mass = 1.0;
  ${massSplit}
  var slot = 0u;
  for (var e = 0u; e < DYNAMIC; e++) {
    if (rate[e] == 0.0 || slot >= K_MAX) { continue; }
    slotExpert[token * K_MAX + slot] = i32(e);
    slotWeight[token * K_MAX + slot] = select(0.0, rate[e] * mass, e < EXPERTS);
    slot++;
  }
  kCount[token] = i32(slot);
  for (var j = slot; j < K_MAX; j++) {
    slotExpert[token * K_MAX + j] = -1;
    slotWeight[token * K_MAX + j] = 0.0;
  }
}
`;
}
