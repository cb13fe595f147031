import { InvalidArgumentError } from '@anyk/core';
import { afterAll, expect, it } from 'vitest';
import { gemmTilings } from '../kernels/gemm-tiles.ts';
import { createDawnGpu } from '../testing/dawn-gpu.ts';
import { measureDenseGemm } from './measure-dense-gemm.ts';

let gpu: GPU | undefined = createDawnGpu();

afterAll(() => {
  gpu = undefined;
});

it('times the dense GEMM in each tiling side by side and reports GFLOP/s', async () => {
  const adapter = await (gpu as GPU).requestAdapter();
  expect(adapter).not.toBeNull();
  const { rows, adapter: label } = await measureDenseGemm({
    adapter: adapter ?? undefined,
    M: 40,
    N: 36,
    K: 20,
    tilings: [gemmTilings.small, gemmTilings.medium],
    iterations: 2,
    warmup: 0,
    warmupMs: 0,
  });
  expect(rows.map((row) => row.tiling)).toEqual(['small', 'medium']);
  for (const row of rows) {
    expect(row.medianMs).toBeGreaterThan(0);
    expect(row.gflops).toBeCloseTo((2 * 40 * 36 * 20) / (row.medianMs * 1e6), 9);
  }
  expect(label).toMatch(/swiftshader/i);
  await expect(measureDenseGemm({ adapter: adapter ?? undefined, M: 0, N: 4, K: 4 })).rejects.toThrow(
    InvalidArgumentError,
  );
});
