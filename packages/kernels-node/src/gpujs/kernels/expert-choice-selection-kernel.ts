import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/**
 * Expert-choice selection, output `[total, tokens]`: each expert takes the `capacity` tokens with the
 * largest key `score + bias`; equal keys are ordered by `ties` (the log-probabilities for softmax: float32
 * probabilities saturate at 1 and underflow to 0 where float64 ones still differ, their logs do not), then
 * by the lower token. A cell counts the tokens that beat it in its expert's column.
 */
export const expertChoiceSelectionKernel: GpuJsKernelDefinition = {
  name: 'expert-choice-selection',
  parameters: ['scores', 'bias', 'ties', 'tokens', 'total', 'capacity'],
  body: `
  const token = this.thread.y;
  const expert = this.thread.x;
  const key = scores[token * total + expert] + bias[expert];
  const tie = ties[token * total + expert];
  let rank = 0.0;
  for (let other = 0; other < tokens; other++) {
    const otherKey = scores[other * total + expert] + bias[expert];
    const otherTie = ties[other * total + expert];
    if (otherKey > key || (otherKey == key && (otherTie > tie || (otherTie == tie && other < token)))) {
      rank += 1.0;
    }
  }
  let selected = 0.0;
  if (rank < capacity) {
    selected = 1.0;
  }
  return selected;`,
};
