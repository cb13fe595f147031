import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/** ReMoE / BlockFFN selection, output `[total, tokens]`: 1 iff the scoring input is > 0 (strict). */
export const positiveSelectionKernel: GpuJsKernelDefinition = {
  name: 'positive-selection',
  parameters: ['z', 'total'],
  body: `
  let selected = 0.0;
  if (z[this.thread.y * total + this.thread.x] > 0.0) {
    selected = 1.0;
  }
  return selected;`,
};
