import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/**
 * Top-k capacity dropping, output `[total, tokens]` (1 = kept): each real expert keeps the `capacity`
 * selected tokens with the largest combine weight (ties to the lower token); zero-computation ids keep
 * whatever was selected.
 */
export const capacityKeepKernel: GpuJsKernelDefinition = {
  name: 'capacity-keep',
  parameters: ['selection', 'weights', 'tokens', 'total', 'experts', 'capacity'],
  body: `
  const token = this.thread.y;
  const expert = this.thread.x;
  let kept = 0.0;
  if (selection[token * total + expert] > 0.0) {
    kept = 1.0;
    if (expert < experts) {
      const weight = weights[token * total + expert];
      let rank = 0.0;
      for (let other = 0; other < tokens; other++) {
        if (selection[other * total + expert] > 0.0) {
          const otherWeight = weights[other * total + expert];
          if (otherWeight > weight || (otherWeight == weight && other < token)) {
            rank += 1.0;
          }
        }
      }
      if (rank >= capacity) {
        kept = 0.0;
      }
    }
  }
  return kept;`,
};
