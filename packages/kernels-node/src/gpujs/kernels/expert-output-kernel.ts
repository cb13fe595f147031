import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/**
 * Second half of the grouped expert FFN, output `[d, rows]`: `Y[r, i] = W_down[rowExpert[r], i] .
 * hidden[r]` (`W_down [E, d, f]`, a contiguous dot product over f per cell). Expert-major rows, combine
 * weight not applied (the combine applies it).
 */
export const expertOutputKernel: GpuJsKernelDefinition = {
  name: 'expert-output',
  parameters: ['hidden', 'wDown', 'rowExpert', 'd', 'f'],
  body: `
  const row = this.thread.y;
  const column = this.thread.x;
  const weightBase = (rowExpert[row] * d + column) * f;
  let sum = 0.0;
  for (let j = 0; j < f; j++) {
    sum += wDown[weightBase + j] * hidden[row * f + j];
  }
  return sum;`,
};
