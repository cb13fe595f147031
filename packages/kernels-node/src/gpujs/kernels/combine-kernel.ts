import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/** Codes of `ZeroExpertKind` as the combine kernel reads them. */
export const zeroKindCode = { zero: 0, copy: 1, constant: 2 } as const;

/**
 * The gather combine, output `[d, tokens]`: each cell walks its token's slots in order (never a scatter,
 * so the result is deterministic) and adds `w * Y[slotRow]` for a real expert, `w * inputScale x` for a
 * copy expert, `w * (a1 inputScale x + a2 v_j)` for a constant expert, nothing for a zero expert.
 */
export const combineKernel: GpuJsKernelDefinition = {
  name: 'combine',
  parameters: [
    'expertRows',
    'x',
    'slotExpert',
    'slotWeight',
    'slotRow',
    'zeroKind',
    'constantIndex',
    'mixFirst',
    'mixSecond',
    'constantValue',
    'd',
    'kMax',
    'experts',
    'constants',
    'inputScale',
  ],
  body: `
  const token = this.thread.y;
  const column = this.thread.x;
  let sum = 0.0;
  for (let j = 0; j < kMax; j++) {
    const slot = token * kMax + j;
    const expert = slotExpert[slot];
    const weight = slotWeight[slot];
    if (expert >= 0.0) {
      if (expert < experts) {
        sum += weight * expertRows[slotRow[slot] * d + column];
      } else {
        const kind = zeroKind[expert - experts];
        if (kind == 1) {
          sum += weight * (inputScale * x[token * d + column]);
        } else if (kind == 2) {
          const constant = constantIndex[expert - experts];
          const output =
            mixFirst[token * constants + constant] * (inputScale * x[token * d + column]) +
            mixSecond[token * constants + constant] * constantValue[constant * d + column];
          sum += weight * output;
        }
      }
    }
  }
  return sum;`,
};
