import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/** `z[t, e] = x[t] . W_router[e]`, output `[total, tokens]`: one dot product over d per cell. */
export const routerLogitsKernel: GpuJsKernelDefinition = {
  name: 'router-logits',
  parameters: ['x', 'router', 'd'],
  body: `
  const token = this.thread.y;
  const expert = this.thread.x;
  let sum = 0.0;
  for (let i = 0; i < d; i++) {
    sum += x[token * d + i] * router[expert * d + i];
  }
  return sum;`,
};
