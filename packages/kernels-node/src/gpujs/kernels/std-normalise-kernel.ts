import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/**
 * MoE++ std-normalisation `z * normStd / std_t` (unbiased std over the token's candidates), output
 * `[total, tokens]`. Each cell recomputes its token's statistics: gpu.js has no shared memory, and the
 * candidate count is small. The row is divided by its largest `|z|` first, so squares of logits near
 * float32 max do not overflow. The host rejects (nearly) constant rows before this runs.
 */
export const stdNormaliseKernel: GpuJsKernelDefinition = {
  name: 'std-normalise',
  parameters: ['logits', 'total', 'normStd'],
  body: `
  const token = this.thread.y;
  const expert = this.thread.x;
  let largest = 0.0;
  for (let largestIndex = 0; largestIndex < total; largestIndex++) {
    largest = Math.max(largest, Math.abs(logits[token * total + largestIndex]));
  }
  let mean = 0.0;
  for (let meanIndex = 0; meanIndex < total; meanIndex++) {
    mean += logits[token * total + meanIndex] / largest;
  }
  mean = mean / total;
  let variance = 0.0;
  for (let varianceIndex = 0; varianceIndex < total; varianceIndex++) {
    const centred = logits[token * total + varianceIndex] / largest - mean;
    variance += centred * centred;
  }
  const relativeStd = Math.sqrt(variance / (total - 1.0));
  return ((logits[token * total + expert] / largest) * normStd) / relativeStd;`,
};
