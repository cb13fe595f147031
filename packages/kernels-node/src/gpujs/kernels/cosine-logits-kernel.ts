import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/**
 * DynMoE `z[t, e] = logitScale * cos(x_t, W_g[:, e])`, `W_g [d, experts]`, norms clamped at 1e-12; output
 * `[total, tokens]`, cells of zero-computation ids (if any) are 0 as in the reference.
 */
export const cosineLogitsKernel: GpuJsKernelDefinition = {
  name: 'cosine-logits',
  parameters: ['x', 'router', 'd', 'experts', 'logitScale'],
  body: `
  const token = this.thread.y;
  const expert = this.thread.x;
  let result = 0.0;
  if (expert < experts) {
    let dot = 0.0;
    let rowSquare = 0.0;
    let columnSquare = 0.0;
    for (let i = 0; i < d; i++) {
      const value = x[token * d + i];
      const weight = router[i * experts + expert];
      dot += value * weight;
      rowSquare += value * value;
      columnSquare += weight * weight;
    }
    const rowNorm = Math.max(Math.sqrt(rowSquare), 1.0e-12);
    const columnNorm = Math.max(Math.sqrt(columnSquare), 1.0e-12);
    result = (logitScale * dot) / (rowNorm * columnNorm);
  }
  return result;`,
};
