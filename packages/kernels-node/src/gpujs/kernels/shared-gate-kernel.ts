import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/** Codes of `SharedExpertGateV1` as the shared-gate kernel reads them. */
export const sharedGateCode = { none: 0, sigmoid: 1, 'softmax-mixed': 2 } as const;

/**
 * The weight of every shared expert per token, output `[S, tokens]` (token-major `[T, S]`): 1 (`none`),
 * `sigmoid(x_t . gateWeight)` (`sigmoid`, one per token) or the router's share `routed[t, s]`
 * (`softmax-mixed`).
 */
export const sharedGateKernel: GpuJsKernelDefinition = {
  name: 'shared-gate',
  parameters: ['x', 'gateWeight', 'routed', 'd', 'count', 'kind'],
  body: `
  const token = this.thread.y;
  const shared = this.thread.x;
  let gate = 1.0;
  if (kind == 1) {
    let dot = 0.0;
    for (let i = 0; i < d; i++) {
      dot += x[token * d + i] * gateWeight[i];
    }
    gate = 1.0 / (1.0 + Math.exp(-dot));
  } else if (kind == 2) {
    gate = routed[token * count + shared];
  }
  return gate;`,
};

/**
 * Adds the gated shared experts to the layer output, output `[d, tokens]`:
 * `y[t, i] + sum_s gates[t, s] sharedRows[s T + t, i]` (the shared rows are expert-major, every token once).
 */
export const sharedCombineKernel: GpuJsKernelDefinition = {
  name: 'shared-combine',
  parameters: ['y', 'sharedRows', 'gates', 'd', 'tokens', 'count'],
  body: `
  const token = this.thread.y;
  const column = this.thread.x;
  let sum = y[token * d + column];
  for (let s = 0; s < count; s++) {
    sum += gates[token * count + s] * sharedRows[(s * tokens + token) * d + column];
  }
  return sum;`,
};
