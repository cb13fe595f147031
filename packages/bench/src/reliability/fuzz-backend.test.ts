import { createReferenceBackend, type KernelBackendV1 } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { fuzzBackend } from './fuzz-backend.ts';

/** The reference with a planted bug: the output of tokens beyond the fourth is off by 1e-3. */
async function brokenBackend(): Promise<KernelBackendV1> {
  const inner = await createReferenceBackend();
  return {
    ...inner,
    name: 'broken',
    async forward(layer, input, options) {
      const result = await inner.forward(layer, input, options);
      const y = Float64Array.from(result.y);
      if (input.tokens > 4) y[4 * layer.weights.d] = y[4 * layer.weights.d]! + 1e-3;
      return { ...result, y };
    },
  };
}

describe('fuzzBackend', () => {
  it('finds a planted bug, lists every mismatch and shrinks the first to the smallest failing size', async () => {
    const reference = await createReferenceBackend();
    const report = await fuzzBackend(await brokenBackend(), reference, { cases: 60, seed: 3 });
    expect(report.cases).toBe(60);
    expect(report.mismatches.length).toBeGreaterThan(0);
    for (const mismatch of report.mismatches) {
      expect(mismatch.recipe.tokens).toBeGreaterThan(4);
      expect(mismatch.detail).toMatch(/^forward: y: element/);
    }
    expect(report.shrunk?.recipe.tokens).toBe(5);
    expect(report.shrunk?.recipe.d).toBe(1);
  });

  it('draws the same cases from the same seed', async () => {
    const reference = await createReferenceBackend();
    const seen: string[][] = [[], []];
    for (const run of [0, 1]) {
      await fuzzBackend(await brokenBackend(), reference, {
        cases: 20,
        seed: 11,
        onCase: (index, mismatch) => seen[run]?.push(`${index}:${mismatch ?? ''}`),
      });
    }
    expect(seen[0]).toEqual(seen[1]);
  });
});
