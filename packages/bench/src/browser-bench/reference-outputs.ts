import { createReferenceBackend } from '@anyk/core';
import { anykMoeLayer, type MoeProblem } from '../suites/anyk-moe-layer.ts';
import type { GemmProblem } from '../suites/measurement-cases.ts';

/**
 * `max |actual - expected| / max |expected|`: how far a page implementation's output is from the float64
 * reference, relative to the output's scale (one number per row, `--quick` runs only).
 */
export function maxRelativeDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let scale = 0;
  let difference = 0;
  for (let index = 0; index < expected.length; index++) {
    scale = Math.max(scale, Math.abs(expected[index]!));
    difference = Math.max(difference, Math.abs(actual[index]! - expected[index]!));
  }
  return difference / Math.max(scale, Number.MIN_VALUE);
}

/** `a [m, k] x b [k, n]` in float64 loops (small shapes: the check of `--quick` GEMM rows). */
export function referenceGemm(problem: GemmProblem): Float64Array {
  const { m, k, n, a, b } = problem;
  const out = new Float64Array(m * n);
  for (let row = 0; row < m; row++)
    for (let inner = 0; inner < k; inner++) {
      const value = a[row * k + inner]!;
      for (let column = 0; column < n; column++)
        out[row * n + column] = out[row * n + column]! + value * b[inner * n + column]!;
    }
  return out;
}

/** The layer's output on core's float64 reference backend (the oracle of every anyk backend). */
export async function referenceMoe(problem: MoeProblem): Promise<ArrayLike<number>> {
  const backend = await createReferenceBackend();
  try {
    return (await backend.forward(anykMoeLayer(problem), { tokens: problem.tokens, x: problem.x })).y;
  } finally {
    await backend.dispose();
  }
}
