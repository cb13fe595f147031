import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/** Codes of the rank-based selection kinds as the rank-selection kernel reads them. */
export const rankSelectionKindCode = { 'top-k': 0, 'predicted-k': 1, 'top-p': 2 } as const;

/**
 * Top-k, predicted-k (Ada-K) and top-p selection without sorting, output `[total, tokens]` (1 = selected).
 * A cell counts the candidates that beat its expert (larger `order` key, or an equal key and a lower id):
 * that count is the expert's rank in the reference's stable descending sort. `order` is `score + bias`, or
 * the log-probabilities where core's `rankByLogSoftmax` says they rank the same without underflow ties;
 * top-p sums `score + bias` in that order. Top-k keeps rank < k,
 * predicted-k rank < k[t]. Top-p keeps an expert iff no earlier rank's cumulative key exceeded p: with
 * non-negative keys that is "the keys ranked before it sum to <= p" (O(E) per cell); with a selection bias
 * (keys may be negative, cumulative sums not monotone) `exactPrefix` checks every earlier prefix (O(E^2)).
 * `maxK` caps top-p. With a group limit, experts outside the kept groups are neither selected nor counted,
 * unless `dropZero` (Hugging Face's rule, `groups.dropped: 'zero'`): then their key is 0.0 and they compete.
 */
export const rankSelectionKernel: GpuJsKernelDefinition = {
  name: 'rank-selection',
  parameters: [
    'scores',
    'order',
    'bias',
    'groupRank',
    'expertGroup',
    'tokenK',
    'total',
    'kind',
    'k',
    'p',
    'maxK',
    'useGroups',
    'groupCount',
    'keep',
    'dropZero',
    'exactPrefix',
  ],
  body: `
  const token = this.thread.y;
  const expert = this.thread.x;
  const base = token * total;
  let key = order[base + expert];
  let candidate = 1.0;
  if (useGroups > 0.0) {
    if (groupRank[token * groupCount + expertGroup[expert]] >= keep) {
      if (dropZero > 0.0) {
        key = 0.0;
      } else {
        candidate = 0.0;
      }
    }
  }
  let rank = 0.0;
  let before = 0.0;
  let prefixMaximum = -3.0e38;
  for (let other = 0; other < total; other++) {
    let otherCandidate = 1.0;
    let otherKey = order[base + other];
    if (useGroups > 0.0) {
      if (groupRank[token * groupCount + expertGroup[other]] >= keep) {
        if (dropZero > 0.0) {
          otherKey = 0.0;
        } else {
          otherCandidate = 0.0;
        }
      }
    }
    if (otherCandidate > 0.0 && (otherKey > key || (otherKey == key && other < expert))) {
      rank += 1.0;
      before += scores[base + other] + bias[other];
      if (exactPrefix > 0.0) {
        let through = 0.0;
        for (let third = 0; third < total; third++) {
          const thirdKey = order[base + third];
          if (thirdKey > otherKey || (thirdKey == otherKey && third <= other)) {
            through += scores[base + third] + bias[third];
          }
        }
        prefixMaximum = Math.max(prefixMaximum, through);
      }
    }
  }
  let selected = 0.0;
  if (candidate > 0.0) {
    if (kind == 0) {
      if (rank < k) {
        selected = 1.0;
      }
    } else if (kind == 1) {
      if (rank < tokenK[token]) {
        selected = 1.0;
      }
    } else {
      // p >= 1 keeps every expert, as in the reference: a float32 prefix sum can round above 1.
      let within = 0.0;
      if (p >= 1.0) {
        within = 1.0;
      } else if (exactPrefix > 0.0) {
        if (prefixMaximum <= p) {
          within = 1.0;
        }
      } else if (before <= p) {
        within = 1.0;
      }
      if (within > 0.0 && rank < maxK) {
        selected = 1.0;
      }
    }
  }
  return selected;`,
};
