import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/** Codes of the expert FFN kinds as the expert-hidden kernel reads them. */
export const expertKindCode = { swiglu: 0, silu: 1, gelu: 2 } as const;

/**
 * First half of the grouped expert FFN over the plan's rows, output `[f, rows]`: row r reads token
 * `rowToken[r]` of `inputScale * x` and expert `rowExpert[r]`'s `W_up` / `W_gate` rows (`[E, f, d]`, i.e.
 * B stored transposed, so each cell is one contiguous dot product), then `silu(gate) * up` (SwiGLU),
 * `silu(up)` or `gelu_tanh(up)`.
 */
export const expertHiddenKernel: GpuJsKernelDefinition = {
  name: 'expert-hidden',
  parameters: ['x', 'wGate', 'wUp', 'rowToken', 'rowExpert', 'd', 'f', 'inputScale', 'kind'],
  body: `
  const row = this.thread.y;
  const unit = this.thread.x;
  const token = rowToken[row];
  const expert = rowExpert[row];
  const weightBase = (expert * f + unit) * d;
  let up = 0.0;
  let gate = 0.0;
  if (kind == 0) {
    for (let i = 0; i < d; i++) {
      const value = inputScale * x[token * d + i];
      up += wUp[weightBase + i] * value;
      gate += wGate[weightBase + i] * value;
    }
  } else {
    for (let upIndex = 0; upIndex < d; upIndex++) {
      up += wUp[weightBase + upIndex] * (inputScale * x[token * d + upIndex]);
    }
  }
  let hidden = 0.0;
  if (kind == 0) {
    hidden = (gate / (1.0 + Math.exp(-gate))) * up;
  } else if (kind == 1) {
    hidden = up / (1.0 + Math.exp(-up));
  } else {
    const inner = 0.7978845608028654 * (up + 0.044715 * up * up * up);
    hidden = 0.5 * up * (1.0 + Math.tanh(inner));
  }
  return hidden;`,
};
