import { AnykError, BackendLostError, KernelError } from '@anyk/core';
import { describe, expect, test } from 'vitest';
import { randomLayer } from '../__tests__/random-layer.ts';
import { createNodeBackend } from '../node-backend/create-node-backend.ts';
import { KernelRuntime, view } from '../node-backend/kernel-runtime.ts';

/** A GEMM of `rows x depth x columns` on the runtime's workers; resolves to C's first element. */
async function gemm(runtime: KernelRuntime, rows: number, depth: number, columns: number): Promise<number> {
  const a = runtime.upload(new Float32Array(rows * depth).fill(1), 'f32');
  const b = runtime.upload(new Float32Array(depth * columns).fill(0.5), 'f32');
  const [packed] = await runtime.pack('f32', [
    { source: view(b, 'f32', columns, 1), layout: { columns, interleaveHalf: 0 }, depth },
  ]);
  const c = runtime.arena.allocate(rows * columns * 4);
  try {
    await runtime.gemm('f32', [
      {
        rows,
        depth,
        a: view(a, 'f32', depth, 1),
        packedB: packed!.address,
        panelStrideBytes: packed!.panelStrideBytes,
        layout: packed!.layout,
        c,
        cStride: columns,
        accumulate: false,
        epilogue: { kind: 'none' },
      },
    ]);
    return runtime.arena.f32()[c / 4]!;
  } finally {
    for (const address of [a, b, packed!.address, c]) runtime.arena.release(address);
  }
}

describe('faults (issue 17)', () => {
  test('a worker killed mid-job: that job rejects with KernelError, the pool respawns, the next job succeeds', async () => {
    const runtime = await KernelRuntime.create({
      threads: 2,
      maxMemoryBytes: 256 << 20,
      multiplyAdd: 'auto',
    });
    try {
      // ~1 GFLOP: hundreds of milliseconds, so the worker dies while it works.
      const job = gemm(runtime, 1024, 1024, 512);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await runtime.pool.crashWorker(0);
      const failure = await job.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(KernelError);
      expect(AnykError.isInstance(failure)).toBe(true);
      expect(runtime.pool.size).toBe(2);
      expect(await gemm(runtime, 8, 16, 8)).toBe(8);
      expect(await gemm(runtime, 64, 32, 16)).toBe(16);
    } finally {
      await runtime.dispose();
    }
  });

  test('dispose() during a running forward: the call rejects with BackendLostError, later calls too', async () => {
    const backend = await createNodeBackend({ threads: 2 });
    const { layer, x } = randomLayer({
      seed: 51,
      tokens: 2048,
      experts: 8,
      d: 256,
      f: 512,
      expert: 'swiglu',
    });
    const call = backend.forward(layer, { tokens: 2048, x }).then(
      () => undefined,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await backend.dispose();
    expect(await call).toBeInstanceOf(BackendLostError);
    await expect(backend.forward(layer, { tokens: 2048, x })).rejects.toBeInstanceOf(BackendLostError);
    // A new backend works.
    const fresh = await createNodeBackend({ threads: 1 });
    try {
      const small = randomLayer({ seed: 52, tokens: 3, experts: 2, d: 4, f: 4, expert: 'gelu', k: 1 });
      const { y } = await fresh.forward(small.layer, { tokens: 3, x: small.x });
      expect(y.length).toBe(12);
    } finally {
      await fresh.dispose();
    }
  });
});
