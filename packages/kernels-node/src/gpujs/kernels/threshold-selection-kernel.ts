import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/**
 * DynMoE threshold selection, output `[experts, tokens]`: 1 where `s > sigmoid(thresholdScale * theta_e)`
 * strictly; with the argmax fallback, a token with nothing selected marks its first best expert 2 (so the
 * weight kernel can give it weight 1 instead of 1/k).
 */
export const thresholdSelectionKernel: GpuJsKernelDefinition = {
  name: 'threshold-selection',
  parameters: ['scores', 'theta', 'experts', 'thresholdScale', 'argmaxFallback'],
  body: `
  const token = this.thread.y;
  const expert = this.thread.x;
  const base = token * experts;
  let passed = 0.0;
  let selected = 0.0;
  let best = 0.0;
  let bestScore = scores[base];
  for (let other = 0; other < experts; other++) {
    const threshold = 1.0 / (1.0 + Math.exp(-(thresholdScale * theta[other])));
    const otherScore = scores[base + other];
    if (otherScore > threshold) {
      passed += 1.0;
      if (other == expert) {
        selected = 1.0;
      }
    }
    if (otherScore > bestScore) {
      bestScore = otherScore;
      best = other;
    }
  }
  if (passed == 0.0 && argmaxFallback > 0.0 && best == expert) {
    selected = 2.0;
  }
  return selected;`,
};
