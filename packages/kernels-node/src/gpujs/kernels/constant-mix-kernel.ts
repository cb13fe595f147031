import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/**
 * MoE++ constant experts' mixing coefficients, output `[constants, tokens]`: `(a1, a2) =
 * softmax(W_c[j] (inputScale x_t))`; `which` 0 returns a1, 1 returns a2 (one output per kernel in gpu.js,
 * so the pair takes two calls).
 */
export const constantMixKernel: GpuJsKernelDefinition = {
  name: 'constant-mix',
  parameters: ['x', 'wc', 'd', 'inputScale', 'which'],
  body: `
  const token = this.thread.y;
  const constant = this.thread.x;
  let first = 0.0;
  let second = 0.0;
  for (let i = 0; i < d; i++) {
    const value = inputScale * x[token * d + i];
    first += wc[constant * 2 * d + i] * value;
    second += wc[(constant * 2 + 1) * d + i] * value;
  }
  const maximum = Math.max(first, second);
  const a = Math.exp(first - maximum);
  const b = Math.exp(second - maximum);
  let result = a / (a + b);
  if (which > 0.0) {
    result = b / (a + b);
  }
  return result;`,
};
