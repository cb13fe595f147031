import { type RouterSpecV1, UnsupportedError } from '@anyk/core';
import { f32Literal } from './params.wgsl.ts';

/**
 * WGSL for the per-token selection stage: fills the module-scope flags `sel[CANDIDATES]`. Ranked rules
 * (top-k, top-p, predicted k, expert-choice) compare the keys `ks = score + selectionBias` (the scores
 * themselves when no bias is given; the normalised logits for softmax without a bias or groups, see
 * `rankByLogits`; top-p accumulates `score + selectionBias` in that order); thresholds compare the scores and
 * `positive` the normalised logits, as core's reference does. Ties go to the lower expert id
 * everywhere because every search uses a strict `>` while walking ids upwards. Expert-choice is not here:
 * experts pick tokens in their own kernel (`expert-choice.wgsl.ts`) and the routing kernel then reads its
 * flags. Sets `usedFallback` when a DynMoE token took its argmax expert. A top-k group limit removes the
 * dropped groups' experts (`allowed`), or with `dropped: 'zero'` (transformers' DeepSeek-V3 router) sets
 * their keys to 0.0 and lets them compete; weights still come from the unbiased scores either way.
 */
export function selectionWgsl(spec: RouterSpecV1): string {
  const selection = spec.selection;
  // Core's rankByLogSoftmax: softmax without a (non-zero) bias and without groups ranks the normalised
  // logits (the same order as log-probabilities), so probabilities that underflow to 0 never tie.
  const rankByLogits =
    spec.scoring.kind === 'softmax' &&
    selection.kind !== 'expert-choice' &&
    (selection.kind !== 'top-k' || selection.groups === undefined);
  const pickLargest = /* wgsl */ `
fn largest_unselected(allowedOnly: bool) -> i32 {
  var best = -1;
  for (var e = 0u; e < CANDIDATES; e++) {
    if (sel[e] != 0u || (allowedOnly && allowed[e] == 0u)) { continue; }
    if (best < 0 || ks[e] > ks[u32(best)]) { best = i32(e); }
  }
  return best;
}
`;
  let body: string;
  switch (selection.kind) {
    case 'top-k': {
      const groups = selection.groups;
      // Hugging Face's DeepSeek-V3 rule: a dropped group's experts compete with key 0.0 (not excluded).
      const dropZero = groups?.dropped === 'zero';
      const groupCode = groups
        ? /* wgsl */ `
  const GROUPS: u32 = ${groups.count}u;
  const GROUP_SIZE: u32 = CANDIDATES / GROUPS;
  var groupScore: array<f32, ${groups.count}>;
  var groupKept: array<u32, ${groups.count}>;
  for (var g = 0u; g < GROUPS; g++) {
    var first = ks[g * GROUP_SIZE];
    var second = -3.0e38;
    for (var i = 1u; i < GROUP_SIZE; i++) {
      let v = ks[g * GROUP_SIZE + i];
      if (v > first) { second = first; first = v; } else if (v > second) { second = v; }
    }
    ${groups.score === 'max' ? 'groupScore[g] = first;' : 'groupScore[g] = first + second;'}
    groupKept[g] = 0u;
  }
  for (var round = 0u; round < ${groups.keep}u; round++) {
    var best = 0u;
    var found = false;
    for (var g = 0u; g < GROUPS; g++) {
      if (groupKept[g] != 0u) { continue; }
      if (!found || groupScore[g] > groupScore[best]) { best = g; found = true; }
    }
    groupKept[best] = 1u;
  }
  for (var e = 0u; e < CANDIDATES; e++) { ${
    dropZero
      ? 'if (groupKept[e / GROUP_SIZE] == 0u) { ks[e] = 0.0; }'
      : 'allowed[e] = groupKept[e / GROUP_SIZE];'
  } }`
        : '';
      body = /* wgsl */ `${groupCode}
  for (var round = 0u; round < ${selection.k}u; round++) {
    let best = largest_unselected(${groups && !dropZero ? 'true' : 'false'});
    if (best < 0) { break; }
    sel[u32(best)] = 1u;
  }`;
      break;
    }
    case 'top-p':
      body = /* wgsl */ `
  var cumulative = 0.0;
  for (var round = 0u; round < ${selection.maxK !== undefined ? `${selection.maxK}u` : 'CANDIDATES'}; round++) {
    let best = largest_unselected(false);
    if (best < 0) { break; }
    sel[u32(best)] = 1u;
    cumulative += ss[u32(best)] + routerParams[BIAS_OFFSET + u32(best)];
    ${selection.p >= 1 ? '// p >= 1 keeps every expert (a float32 sum can round above 1).' : `if (cumulative > ${f32Literal(selection.p)}) { break; }`}
  }`;
      break;
    case 'threshold':
      body = /* wgsl */ `
  var count = 0u;
  for (var e = 0u; e < EXPERTS; e++) {
    let threshold = 1.0 / (1.0 + exp(-${f32Literal(selection.thresholdScale)} * routerParams[THRESHOLD_OFFSET + e]));
    if (ss[e] > threshold) { sel[e] = 1u; count++; }
  }
  ${
    selection.fallback === 'argmax'
      ? `if (count == 0u) {
    var best = 0u;
    for (var e = 1u; e < EXPERTS; e++) { if (ss[e] > ss[best]) { best = e; } }
    sel[best] = 1u;
    usedFallback = true;
  }`
      : ''
  }`;
      break;
    case 'positive':
      body = /* wgsl */ `
  for (var e = 0u; e < CANDIDATES; e++) {
    if (zs[e] > 0.0) { sel[e] = 1u; }
  }`;
      break;
    case 'predicted-k':
      body = /* wgsl */ `
  let k = u32(routerParams[PREDICTED_K_OFFSET + token]);
  for (var round = 0u; round < k; round++) {
    let best = largest_unselected(false);
    if (best < 0) { break; }
    sel[u32(best)] = 1u;
  }`;
      break;
    case 'expert-choice':
      body = /* wgsl */ `
  for (var e = 0u; e < CANDIDATES; e++) { sel[e] = chosen[token * CANDIDATES + e]; }`;
      break;
    case 'uni-moe-top-p':
      // Its picks feed a cross-token capacity and a mass split: `uni-moe-picks` / `uni-moe-weights`.
      throw new UnsupportedError(
        'uni-moe-top-p selection in the route-tokens kernel',
        'Uni-MoE-2.0 routes in its own kernels (uni-moe-picks, uni-moe-weights)',
      );
  }
  return /* wgsl */ `
${pickLargest}
fn apply_selection(token: u32) {${
    rankByLogits
      ? `
  var hasBias = false;
  for (var e = 0u; e < CANDIDATES; e++) { hasBias = hasBias || routerParams[BIAS_OFFSET + e] != 0.0; }`
      : ''
  }
  for (var e = 0u; e < CANDIDATES; e++) {
    ks[e] = ${rankByLogits ? 'select(ss[e] + routerParams[BIAS_OFFSET + e], zs[e], !hasBias)' : 'ss[e] + routerParams[BIAS_OFFSET + e]'};
    sel[e] = 0u;
    allowed[e] = 1u;
  }
  usedFallback = false;
  ${body}
}
`;
}
