import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/** Codes of `WeightingSpecV1['kind']` as the combine-weight kernel reads them. */
export const weightingKindCode = { score: 0, renormalise: 1, uniform: 2 } as const;

/**
 * Dense combine weights before capacity dropping, output `[total, tokens]`, from the selection (1, or 2
 * for a DynMoE fallback pick) and the scores:
 * - score: `s * scale * gain[e]` (gain 1 where the spec has none);
 * - renormalise: `scale * s / sum(s over selected experts that take part)`; `participates[e]` is 0 for
 *   excluded zero experts, which keep their slot with weight 0; an empty sum gives 0. Computed as a
 *   max-subtracted softmax of the log-scores `z` (`logKind` 1, softmax) or `log sigmoid(z)` (2), else as
 *   ratios of scores divided by the largest (0): float32 probabilities underflow beyond a logit gap of
 *   ~104, their ratios do not (core's `renormaliseRatios`, the same rule in float64);
 * - uniform: `1 / k_t`, or 1 for a fallback pick.
 */
export const combineWeightKernel: GpuJsKernelDefinition = {
  name: 'combine-weight',
  parameters: ['selection', 'scores', 'z', 'logKind', 'gain', 'participates', 'total', 'kind', 'scale'],
  body: `
  const token = this.thread.y;
  const expert = this.thread.x;
  const base = token * total;
  const chosen = selection[base + expert];
  const score = scores[base + expert];
  let weight = 0.0;
  if (chosen > 0.0) {
    if (kind == 0) {
      weight = score * scale * gain[expert];
    } else if (kind == 1) {
      let found = 0.0;
      let largest = 0.0;
      for (let maximumIndex = 0; maximumIndex < total; maximumIndex++) {
        if (selection[base + maximumIndex] > 0.0 && participates[maximumIndex] > 0.0) {
          const candidate = z[base + maximumIndex];
          let key = scores[base + maximumIndex];
          if (logKind == 1) {
            key = candidate;
          } else if (logKind == 2) {
            key = -(Math.max(-candidate, 0.0) + Math.log(1.0 + Math.exp(-Math.abs(candidate))));
          }
          if (found < 0.5 || key > largest) {
            largest = key;
          }
          found = 1.0;
        }
      }
      let denominator = 0.0;
      let numerator = 0.0;
      for (let denominatorIndex = 0; denominatorIndex < total; denominatorIndex++) {
        if (selection[base + denominatorIndex] > 0.0 && participates[denominatorIndex] > 0.0) {
          const member = z[base + denominatorIndex];
          let term = 0.0;
          if (logKind == 1) {
            term = Math.exp(member - largest);
          } else if (logKind == 2) {
            term = Math.exp(-(Math.max(-member, 0.0) + Math.log(1.0 + Math.exp(-Math.abs(member)))) - largest);
          } else if (largest > 0.0) {
            term = scores[base + denominatorIndex] / largest;
          }
          denominator += term;
          if (denominatorIndex == expert) {
            numerator = term;
          }
        }
      }
      if (participates[expert] > 0.0 && denominator > 0.0) {
        weight = (scale * numerator) / denominator;
      }
    } else {
      let count = 0.0;
      for (let countIndex = 0; countIndex < total; countIndex++) {
        if (selection[base + countIndex] > 0.0) {
          count += 1.0;
        }
      }
      weight = 1.0 / count;
      if (chosen > 1.5) {
        weight = 1.0;
      }
    }
  }
  return weight;`,
};
