import { type RouterSpecV1, UnsupportedError } from '@anyk/core';
import { f32Literal } from './params.wgsl.ts';

/**
 * WGSL for the weighting stage and the token-major slot write: selected experts go left to right in
 * ascending id, empty slots get expert -1 and weight 0. Weights: `score` (x scale x gain), `renormalise`
 * over the selection minus `zero`-kind experts when asked (unbiased scores; a zero denominator gives all 0;
 * computed as a max-subtracted softmax of log-scores, see `renormalisePrepareWgsl`), or
 * `uniform` 1/k (the DynMoE argmax fallback weighs 1). Needs `IS_ZERO_KIND(e)` for zero-computation kinds.
 */
export function weightingWgsl(spec: RouterSpecV1): string {
  const weighting = spec.weighting;
  let prepare = '';
  let helpers = '';
  let weightOf: string;
  switch (weighting.kind) {
    case 'score':
      weightOf = weighting.gain
        ? `var gain = 1.0;
      if (e < EXPERTS) { gain = routerParams[GAIN_OFFSET + e]; }
      weight = ss[e] * ${f32Literal(weighting.scale)} * gain;`
        : `weight = ss[e] * ${f32Literal(weighting.scale)};`;
      break;
    case 'renormalise': {
      const excluded = weighting.excludeZeroExperts ? 'is_zero_kind(e)' : 'false';
      ({ helpers, prepare } = renormaliseWgsl(spec, excluded));
      weightOf = `if (denominator > 0.0 && !${excluded}) { weight = ${f32Literal(weighting.scale)} * renormalise_term(e, largestKey) / denominator; }`;
      break;
    }
    case 'uniform':
      prepare = /* wgsl */ `
  var selectedCount = 0u;
  for (var e = 0u; e < CANDIDATES; e++) { selectedCount += sel[e]; }`;
      weightOf = 'weight = select(1.0 / f32(selectedCount), 1.0, usedFallback);';
      break;
    case 'window-renormalise':
      throw new UnsupportedError(
        'window-renormalise weighting in the route-tokens kernel',
        'Uni-MoE-2.0 weighs its picks in its own kernels (uni-moe-picks, uni-moe-weights)',
      );
  }
  return /* wgsl */ `${helpers}
fn write_slots(token: u32) {
  ${prepare}
  var slot = 0u;
  for (var e = 0u; e < CANDIDATES; e++) {
    if (sel[e] == 0u || slot >= K_MAX) { continue; }
    var weight = 0.0;
    ${weightOf}
    slotExpert[token * K_MAX + slot] = i32(e);
    slotWeight[token * K_MAX + slot] = weight;
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

/**
 * The renormalisation's shared part, as core's `renormaliseRatios`: float32 probabilities underflow beyond
 * a logit gap of ~104 (AdaMoE logits `[0, -1, -2, 200]` gave weights `[0, 0]`), their ratios do not. So
 * softmax scores renormalise as `exp(z_e - max) / sum exp(z - max)` over the members, sigmoid scores through
 * `log sigmoid(z)` (times the mask), and ReLU scores as ratios divided by the largest member first.
 * `prepare` declares `largestKey` and `denominator` in `write_slots`; `helpers` are module-scope functions.
 */
function renormaliseWgsl(spec: RouterSpecV1, excluded: string): { helpers: string; prepare: string } {
  const kind = spec.scoring.kind;
  const key =
    kind === 'softmax'
      ? 'zs[e]'
      : kind === 'sigmoid'
        ? '-(max(-zs[e], 0.0) + log(1.0 + exp(-abs(zs[e]))))'
        : 'ss[e]';
  const term =
    kind === 'softmax'
      ? 'exp(renormalise_key(e) - largestKey)'
      : kind === 'sigmoid'
        ? 'sigmoid_mask(e) * exp(renormalise_key(e) - largestKey)'
        : 'select(0.0, ss[e] / largestKey, largestKey > 0.0)';
  const mask =
    kind === 'sigmoid'
      ? /* wgsl */ `
fn sigmoid_mask(e: u32) -> f32 {
  if (e < EXPERTS) { return routerParams[MASK_OFFSET + e]; }
  return 1.0;
}`
      : '';
  const helpers = /* wgsl */ `${mask}
fn renormalise_key(e: u32) -> f32 { return ${key}; }
fn renormalise_term(e: u32, largestKey: f32) -> f32 { return ${term}; }
`;
  const prepare = /* wgsl */ `
  var largestKey = 0.0;
  var found = false;
  for (var e = 0u; e < CANDIDATES; e++) {
    if (sel[e] == 0u || ${excluded}) { continue; }
    let key = renormalise_key(e);
    if (!found || key > largestKey) { largestKey = key; found = true; }
  }
  var denominator = 0.0;
  for (var e = 0u; e < CANDIDATES; e++) {
    if (sel[e] != 0u && !${excluded}) { denominator += renormalise_term(e, largestKey); }
  }`;
  return { helpers, prepare };
}
