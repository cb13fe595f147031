import type { RouterSpecV1 } from '@anyk/core';
import { f32Literal } from './params.wgsl.ts';

/**
 * WGSL for the per-token scoring stage, in pipeline order: gating residual (MoE++ `z += prev M^T`, when
 * `withResidual`: the spec has it and the call passed both `prevLogits` and `gateMap`),
 * std-normalisation (unbiased std over all candidates, on the row divided by its largest |logit| so squares
 * of logits near float32 max do not overflow; the host rejects rows too constant to normalise from the
 * read-back logits, with core's rule), then softmax (max subtracted) / sigmoid times mask /
 * relu / relu + RMS-norm. Works on the module-scope arrays `zs` (logits, normalised in place) and `ss`
 * (scores); `logitsOut` receives the logits after the residual, before normalisation (the next layer's
 * gate residual). Needs the constants `CANDIDATES`, `EXPERTS`, `MASK_OFFSET` and bindings `logitsIn`,
 * `residual`, `routerParams`, `logitsOut`.
 */
export function scoringWgsl(spec: RouterSpecV1, withResidual: boolean): string {
  const residual = withResidual
    ? /* wgsl */ `
    let gateMapOffset = params.tokens * CANDIDATES;
    for (var e = 0u; e < CANDIDATES; e++) {
      var sum = 0.0;
      for (var n = 0u; n < CANDIDATES; n++) {
        sum += residual[token * CANDIDATES + n] * residual[gateMapOffset + e * CANDIDATES + n];
      }
      zs[e] = zs[e] + sum;
    }`
    : '';
  const normalise = spec.stdNormalise
    ? /* wgsl */ `
    var largestMagnitude = 0.0;
    for (var e = 0u; e < CANDIDATES; e++) { largestMagnitude = max(largestMagnitude, abs(zs[e])); }
    var mean = 0.0;
    for (var e = 0u; e < CANDIDATES; e++) { mean += zs[e] / largestMagnitude; }
    mean = mean / f32(CANDIDATES);
    var variance = 0.0;
    for (var e = 0u; e < CANDIDATES; e++) { let centred = zs[e] / largestMagnitude - mean; variance += centred * centred; }
    let relativeDeviation = sqrt(variance / f32(CANDIDATES - 1u));
    let divisor = relativeDeviation / ${f32Literal(spec.stdNormalise.normStd)};
    for (var e = 0u; e < CANDIDATES; e++) { zs[e] = (zs[e] / largestMagnitude) / divisor; }`
    : '';
  let scoring: string;
  switch (spec.scoring.kind) {
    case 'softmax':
      scoring = /* wgsl */ `
    var largest = zs[0];
    for (var e = 1u; e < CANDIDATES; e++) { largest = max(largest, zs[e]); }
    var total = 0.0;
    for (var e = 0u; e < CANDIDATES; e++) { let v = exp(zs[e] - largest); ss[e] = v; total += v; }
    for (var e = 0u; e < CANDIDATES; e++) { ss[e] = ss[e] / total; }`;
      break;
    case 'sigmoid':
      scoring = /* wgsl */ `
    for (var e = 0u; e < CANDIDATES; e++) {
      var mask = 1.0;
      if (e < EXPERTS) { mask = routerParams[MASK_OFFSET + e]; }
      ss[e] = mask / (1.0 + exp(-zs[e]));
    }`;
      break;
    case 'relu':
      scoring = /* wgsl */ `
    for (var e = 0u; e < CANDIDATES; e++) { ss[e] = max(zs[e], 0.0); }`;
      break;
    case 'relu-rmsnorm':
      scoring = /* wgsl */ `
    var squares = 0.0;
    for (var e = 0u; e < CANDIDATES; e++) { let a = max(zs[e], 0.0); ss[e] = a; squares += a * a; }
    if (squares > 0.0) {
      let inverseRms = 1.0 / sqrt(squares / f32(CANDIDATES) + ${f32Literal(spec.scoring.eps)});
      for (var e = 0u; e < CANDIDATES; e++) { ss[e] = ss[e] * inverseRms; }
    }`;
      break;
  }
  return /* wgsl */ `
fn apply_scoring(token: u32) {
  for (var e = 0u; e < CANDIDATES; e++) { zs[e] = logitsIn[token * CANDIDATES + e]; }
  ${residual}
  for (var e = 0u; e < CANDIDATES; e++) { logitsOut[token * CANDIDATES + e] = zs[e]; }
  ${normalise}
  ${scoring}
}
`;
}
