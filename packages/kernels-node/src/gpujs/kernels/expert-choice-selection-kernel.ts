import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/**
 * Expert-choice selection, output `[total, tokens]`: each expert takes the `capacity` tokens with the
 * largest key (ties to the lower token); a cell counts the tokens that beat it in its expert's column.
 */
export const expertChoiceSelectionKernel: GpuJsKernelDefinition = {
  name: 'expert-choice-selection',
  parameters: ['scores', 'bias', 'tokens', 'total', 'capacity'],
  body: `
  const token = this.thread.y;
  const expert = this.thread.x;
  const key = scores[token * total + expert] + bias[expert];
  let rank = 0.0;
  for (let other = 0; other < tokens; other++) {
    const otherKey = scores[other * total + expert] + bias[expert];
    if (otherKey > key || (otherKey == key && other < token)) {
      rank += 1.0;
    }
  }
  let selected = 0.0;
  if (rank < capacity) {
    selected = 1.0;
  }
  return selected;`,
};
