import { type RouterSpecV1, UnsupportedError } from '@anyk/core';
import { f32Literal } from './params.wgsl.ts';

/**
 * WGSL for the weighting stage and the token-major slot write: selected experts go left to right in
 * ascending id, empty slots get expert -1 and weight 0. Weights: `score` (x scale x gain), `renormalise`
 * over the selection minus `zero`-kind experts when asked (unbiased scores; a zero denominator gives all 0), or
 * `uniform` 1/k (the DynMoE argmax fallback weighs 1). Needs `IS_ZERO_KIND(e)` for zero-computation kinds.
 */
export function weightingWgsl(spec: RouterSpecV1): string {
  const weighting = spec.weighting;
  let prepare = '';
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
      prepare = /* wgsl */ `
  var denominator = 0.0;
  for (var e = 0u; e < CANDIDATES; e++) {
    if (sel[e] != 0u && !${excluded}) { denominator += ss[e]; }
  }`;
      weightOf = `if (denominator > 0.0 && !${excluded}) { weight = ${f32Literal(weighting.scale)} * ss[e] / denominator; }`;
      break;
    }
    case 'uniform':
      prepare = /* wgsl */ `
  var selectedCount = 0u;
  for (var e = 0u; e < CANDIDATES; e++) { selectedCount += sel[e]; }`;
      weightOf = 'weight = select(1.0 / f32(selectedCount), 1.0, usedFallback);';
      break;
    case 'window-renormalise':
      throw new UnsupportedError('window-renormalise weighting in WGSL', 'not implemented on WebGPU yet');
  }
  return /* wgsl */ `
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
