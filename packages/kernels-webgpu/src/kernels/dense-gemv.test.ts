import { InvalidArgumentError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { BufferPool } from '../gpu/buffer-pool.ts';
import { CommandRecorder } from '../gpu/command-recorder.ts';
import { KernelCache } from '../gpu/kernel-cache.ts';
import { kernelSources } from '../layer/kernel-sources.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import { denseGemvGrid, denseGemvWgsl } from './dense-gemv.wgsl.ts';
import { pickExpertFfnPath } from './expert-ffn-path.ts';

let device: GPUDevice;

useDawnBackends((opened) => {
  device = opened.backend.device;
});

/** `C = A B^T` on the device with the GEMV path's row bound for `t` tokens. */
async function denseGemv(a: Float64Array, b: Float64Array, t: number, n: number, k: number) {
  const { rows } = pickExpertFfnPath({ tokens: t, experts: 1 }) as { rows: number };
  const recorder = new CommandRecorder(device, new BufferPool(device), new KernelCache(device));
  const c = recorder.storage(t * n);
  recorder.dispatch(
    kernelSources.denseGemv(n, k, rows),
    {
      params: recorder.uniform({ tokens: t }),
      a: recorder.upload(a, 'f32'),
      b: recorder.upload(b, 'f32'),
      c,
    },
    denseGemvGrid(n),
  );
  const [got] = await recorder.readback([{ buffer: c, elements: t * n, kind: 'f32' }]);
  recorder.release();
  return got as Float32Array;
}

describe('dense GEMV (the decode diagnostics reference) vs float64', () => {
  // N = 37 leaves a partial 8-column workgroup; K = 150 / 151 needs two passes of 32 lanes x 4.
  const n = 37;
  const cases = [
    { t: 1, k: 44 },
    { t: 1, k: 45 },
    { t: 3, k: 45 },
    { t: 3, k: 152 },
    { t: 8, k: 44 },
    { t: 8, k: 151 },
  ];
  for (const { t, k } of cases) {
    it(`T = ${t}, K = ${k} (${k % 4 === 0 ? 'vec4' : 'scalar'} loads)`, async () => {
      const random = seededRandom(t * 1000 + k);
      const a = randomArray(random, t * k);
      const b = randomArray(random, n * k);
      const got = await denseGemv(a, b, t, n, k);
      const bad: string[] = [];
      for (let row = 0; row < t; row++) {
        for (let column = 0; column < n; column++) {
          let want = 0;
          let magnitude = 0;
          for (let i = 0; i < k; i++) {
            const term = a[row * k + i]! * b[column * k + i]!;
            want += term;
            magnitude += Math.abs(term);
          }
          const value = got[row * n + column]!;
          if (!(Math.abs(value - want) <= 1e-5 * magnitude + 1e-7)) {
            bad.push(`(${row}, ${column}): ${value} vs ${want}`);
          }
        }
      }
      expect(bad.slice(0, 5)).toEqual([]);
      // Fixed lane order: the same inputs give the same bits.
      expect(await denseGemv(a, b, t, n, k)).toEqual(got);
    });
  }

  it('rejects a row bound past the GEMV path', () => {
    expect(() => denseGemvWgsl({ n: 8, k: 8, rows: 9 })).toThrow(InvalidArgumentError);
    expect(() => denseGemvWgsl({ n: 8, k: 8, rows: 0 })).toThrow(InvalidArgumentError);
  });

  it('folds the grid into y past 65,535 workgroups', () => {
    expect(denseGemvGrid(37)).toEqual([5, 1]);
    expect(denseGemvGrid(65535 * 8 + 1)).toEqual([65535, 2]);
  });
});
