import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { BufferPool } from '../gpu/buffer-pool.ts';
import { CommandRecorder } from '../gpu/command-recorder.ts';
import { KernelCache } from '../gpu/kernel-cache.ts';
import { kernelSources } from '../layer/kernel-sources.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import { gemmLoadSlots } from './gemm-core.wgsl.ts';
import { gemmThreads, gemmTilings, pickGemmTiling } from './gemm-tiles.ts';

let device: GPUDevice;

useDawnBackends((opened) => {
  device = opened.backend.device;
});

describe('gemm tilings', () => {
  it('fit 16 KiB of workgroup memory, 256 threads and whole vec4 loads per thread', () => {
    for (const tiling of Object.values(gemmTilings)) {
      const stride = tiling.depth / 4 + 1;
      expect((tiling.rows + tiling.columns) * stride * 16).toBeLessThanOrEqual(16384);
      expect(gemmThreads(tiling).threads).toBe(256);
      const slots = gemmLoadSlots(tiling);
      expect(Number.isInteger(slots.a) && slots.a >= 1).toBe(true);
      expect(Number.isInteger(slots.b) && slots.b >= 1).toBe(true);
      // SwiGLU splits a thread's columns into gate and up halves.
      expect(tiling.columnsPerThread % 2).toBe(0);
    }
  });

  it('picks the row tile from tokens per expert, never from kMax', () => {
    expect(pickGemmTiling({ tokens: 4096, experts: 8 })).toBe(gemmTilings.large);
    expect(pickGemmTiling({ tokens: 2048, experts: 8 })).toBe(gemmTilings.medium);
    expect(pickGemmTiling({ tokens: 512, experts: 8 })).toBe(gemmTilings.small);
  });
});

describe('dense GEMM (the diagnostics reference) vs float64, every tiling', () => {
  const m = 70;
  const n = 136;
  for (const tiling of Object.values(gemmTilings)) {
    for (const k of [44, 45]) {
      it(`${tiling.name} (${tiling.rows} x ${tiling.columns}), K = ${k} (${k % 4 === 0 ? 'vec4' : 'scalar'} loads)`, async () => {
        const random = seededRandom(k + tiling.rows);
        const a = randomArray(random, m * k);
        const b = randomArray(random, n * k);
        const recorder = new CommandRecorder(device, new BufferPool(device), new KernelCache(device));
        const c = recorder.storage(m * n);
        recorder.dispatch(
          kernelSources.denseGemm(n, k, tiling),
          {
            params: recorder.uniform({ tokens: m }),
            a: recorder.upload(a, 'f32'),
            b: recorder.upload(b, 'f32'),
            c,
          },
          [Math.ceil(n / tiling.columns), Math.ceil(m / tiling.rows)],
        );
        const [got] = await recorder.readback([{ buffer: c, elements: m * n, kind: 'f32' }]);
        recorder.release();
        const bad: string[] = [];
        for (let row = 0; row < m; row++) {
          for (let column = 0; column < n; column++) {
            let want = 0;
            let magnitude = 0;
            for (let i = 0; i < k; i++) {
              const term = Math.fround(a[row * k + i]!) * Math.fround(b[column * k + i]!);
              want += term;
              magnitude += Math.abs(term);
            }
            const value = (got as Float32Array)[row * n + column] as number;
            if (!(Math.abs(value - want) <= 1e-5 * magnitude + 1e-7))
              bad.push(`(${row}, ${column}): ${value} vs ${want}`);
          }
        }
        expect(bad.slice(0, 5)).toEqual([]);
      });
    }
  }
});
