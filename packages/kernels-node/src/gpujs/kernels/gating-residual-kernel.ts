import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/** MoE++ gating residual `z[t, i] = raw[t, i] + sum_j prev[t, j] M[i, j]`, output `[total, tokens]`. */
export const gatingResidualKernel: GpuJsKernelDefinition = {
  name: 'gating-residual',
  parameters: ['rawLogits', 'previousLogits', 'gateMap', 'total'],
  body: `
  const token = this.thread.y;
  const expert = this.thread.x;
  let sum = 0.0;
  for (let j = 0; j < total; j++) {
    sum += previousLogits[token * total + j] * gateMap[expert * total + j];
  }
  return rawLogits[token * total + expert] + sum;`,
};
