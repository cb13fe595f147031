import type { UniMoeSelectionV1 } from '@anyk/core';
import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { f32Literal, flatIndexWgsl, itemWorkgroupSize, paramsStructWgsl } from './params.wgsl.ts';

/** The bindings of `uni-moe-picks`, in order (see `KernelBindings`). */
export const uniMoePicksBindings = {
  params: paramsBinding,
  logits: read('f32'),
  scores: write('f32'),
  pickRate: write('f32'),
} as const satisfies KernelBindings;

/** The shape and rule constants `uniMoePicksWgsl` bakes in. */
export interface UniMoePicksConstants {
  /** D = E + Z: the routed and null columns, the only ones that compete. */
  readonly dynamic: number;
  /** D + S: the row length of the logits (shared columns last). */
  readonly columns: number;
  readonly selection: UniMoeSelectionV1;
  /** The `window-renormalise` epsilon of the first renormalisation. */
  readonly epsilon: number;
}

/**
 * Uni-MoE-2.0's per-token selection (`uni-moe-top-p`), steps 1 to 3 of core's `uniMoeRoute`, one thread per
 * token over the `[T, D + S]` logits:
 * - scores: `softmax` over the D dynamic columns (shared columns score 0), written to `scores`;
 * - count: with `p > 0`, one plus the number of descending cumulative probabilities still below p (so
 *   `D + 1`, no pick at all, when even the full sum stays below p); with `p == 0` the fixed `k`. The
 *   descending order is found by repeated arg-max, which sums exactly what core's sort sums;
 * - picks: `count` sequential arg-max picks over the available logits (ties: lower column, a strict `>`
 *   walking ids upwards); each pick's near-tie window holds the available columns whose relative gap
 *   `(m - z_e) / max(|z_e|, |m|)` is not above `2 windowEps` (0/0, i.e. `z_e = m = 0`, inside), and gives it the
 *   multiplier `1 / sum_W exp(z_e - m)` (the window softmax at the pick);
 * - rates: `mu_e / (sum mu + epsilon)` over the token's picks, written to `pickRate [T, D]` (0 on columns not
 *   picked; a pick's rate is always positive, so the next kernel reads the picks from it).
 * Capacity, the second renormalisation and the mass split need every token's picks: `uni-moe-weights`.
 * Reads `params.tokens`.
 */
export function uniMoePicksWgsl(constants: UniMoePicksConstants): string {
  const { dynamic, columns, selection } = constants;
  const count =
    selection.p === 0
      ? `let count = ${selection.k}u;`
      : /* wgsl */ `var count = 1u;
  var cumulative = 0.0;
  var summed: array<u32, DYNAMIC>;
  for (var step = 0u; step < DYNAMIC; step++) {
    var best = 0u;
    var found = false;
    for (var e = 0u; e < DYNAMIC; e++) {
      if (summed[e] != 0u) { continue; }
      if (!found || q[e] > q[best]) { best = e; found = true; }
    }
    summed[best] = 1u;
    cumulative += q[best];
    if (cumulative < ${f32Literal(selection.p)}) { count++; } else { break; }
  }`;
  return /* wgsl */ `
const DYNAMIC: u32 = ${dynamic}u;
const COLUMNS: u32 = ${columns}u;
const TWO_WINDOW_EPS: f32 = ${f32Literal(2 * selection.windowEps)};
const EPSILON: f32 = ${f32Literal(constants.epsilon)};
${paramsStructWgsl}${bindingsWgsl(uniMoePicksBindings)}
${flatIndexWgsl}
@compute @workgroup_size(${itemWorkgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let token = flat_index(gid, groups);
  if (token >= params.tokens) { return; }
  let row = token * COLUMNS;
  var z: array<f32, DYNAMIC>;
  var q: array<f32, DYNAMIC>;
  var largest = logits[row];
  for (var e = 0u; e < DYNAMIC; e++) { z[e] = logits[row + e]; largest = max(largest, z[e]); }
  var total = 0.0;
  for (var e = 0u; e < DYNAMIC; e++) { q[e] = exp(z[e] - largest); total += q[e]; }
  for (var e = 0u; e < DYNAMIC; e++) { q[e] = q[e] / total; scores[row + e] = q[e]; }
  for (var e = DYNAMIC; e < COLUMNS; e++) { scores[row + e] = 0.0; }

  ${count}

  var multiplier: array<f32, DYNAMIC>;
  var available: array<u32, DYNAMIC>;
  for (var e = 0u; e < DYNAMIC; e++) { available[e] = 1u; }
  var multiplierSum = 0.0;
  for (var step = 0u; step < count && count <= DYNAMIC; step++) {
    var pick = 0u;
    var found = false;
    for (var e = 0u; e < DYNAMIC; e++) {
      if (available[e] == 0u) { continue; }
      if (!found || z[e] > z[pick]) { pick = e; found = true; }
    }
    let m = z[pick];
    var windowSum = 0.0;
    for (var e = 0u; e < DYNAMIC; e++) {
      if (available[e] == 0u) { continue; }
      let magnitude = max(abs(z[e]), abs(m));
      if (magnitude > 0.0 && (m - z[e]) / magnitude > TWO_WINDOW_EPS) { continue; }
      windowSum += exp(z[e] - m);
    }
    multiplier[pick] = 1.0 / windowSum;
    multiplierSum += multiplier[pick];
    available[pick] = 0u;
  }
  for (var e = 0u; e < DYNAMIC; e++) {
    var rate = 0.0;
    if (available[e] == 0u) { rate = multiplier[e] / (multiplierSum + EPSILON); }
    pickRate[token * DYNAMIC + e] = rate;
  }
}
`;
}
