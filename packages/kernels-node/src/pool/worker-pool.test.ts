import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AnykError, BackendLostError, KernelError } from '@anyk/core';
import { describe, expect, test } from 'vitest';
import { randomLayer } from '../__tests__/random-layer.ts';
import { createNodeBackend } from '../node-backend/create-node-backend.ts';
import { KernelRuntime, view } from '../node-backend/kernel-runtime.ts';

const run = promisify(execFile);

async function workingGemm(runtime: KernelRuntime): Promise<number> {
  const a = runtime.upload(Float32Array.from([1, 2, 3]), 'f32');
  const b = runtime.upload(Float32Array.from([4, 5, 6]), 'f32');
  const [packed] = await runtime.pack('f32', [
    { source: view(b, 'f32', 3, 1), layout: { columns: 1, interleaveHalf: 0 }, depth: 3 },
  ]);
  const c = runtime.arena.allocate(4);
  await runtime.gemm('f32', [
    {
      rows: 1,
      depth: 3,
      a: view(a, 'f32', 3, 1),
      packedB: packed!.address,
      panelStrideBytes: packed!.panelStrideBytes,
      layout: packed!.layout,
      c,
      cStride: 1,
      accumulate: false,
      epilogue: { kind: 'none' },
    },
  ]);
  return runtime.arena.f32()[c / 4]!;
}

describe('worker pool robustness', () => {
  test('a throwing job rejects with a typed KernelError and the pool keeps working', async () => {
    const runtime = await KernelRuntime.create({ threads: 2, maxMemoryBytes: 16 << 20, multiplyAdd: 'auto' });
    try {
      const failure = await runtime
        .run({ kind: 'fail', message: 'boom', items: new Int32Array(8) })
        .catch((error: unknown) => error);
      expect(KernelError.isInstance(failure)).toBe(true);
      expect(AnykError.isInstance(failure)).toBe(true);
      expect(failure).toMatchObject({ code: 'kernel-failed', backend: 'node', kernel: 'fail' });
      expect((failure as Error).message).toMatch(/boom/);
      expect(await workingGemm(runtime)).toBe(32);
    } finally {
      await runtime.dispose();
    }
  });

  test('a WebAssembly trap (out-of-bounds tile) rejects and the next job succeeds', async () => {
    const runtime = await KernelRuntime.create({ threads: 2, maxMemoryBytes: 16 << 20, multiplyAdd: 'auto' });
    try {
      const outside = runtime.arena.memory.buffer.byteLength + 4096;
      const job = runtime.gemm('f32', [
        {
          rows: 8,
          depth: 16,
          a: view(0, 'f32', 16, 1),
          packedB: outside,
          panelStrideBytes: 512,
          layout: { columns: 8, interleaveHalf: 0 },
          c: outside,
          cStride: 8,
          accumulate: false,
          epilogue: { kind: 'none' },
        },
      ]);
      await expect(job).rejects.toThrow(KernelError);
      await expect(job).rejects.toThrow(/out of bounds/);
      expect(await workingGemm(runtime)).toBe(32);
    } finally {
      await runtime.dispose();
    }
  });

  test('jobs after dispose reject with BackendLostError', async () => {
    const runtime = await KernelRuntime.create({ threads: 1, maxMemoryBytes: 16 << 20, multiplyAdd: 'auto' });
    await runtime.dispose();
    await expect(workingGemm(runtime)).rejects.toThrow(BackendLostError);
  });

  test('several backends run side by side and agree', async () => {
    const backends = await Promise.all([1, 2, 1].map((threads) => createNodeBackend({ threads })));
    try {
      const { layer, x } = randomLayer({ seed: 40, tokens: 33, experts: 5, d: 16, f: 24, expert: 'swiglu' });
      const results = await Promise.all(backends.map((backend) => backend.forward(layer, { tokens: 33, x })));
      for (const result of results.slice(1)) expect(Array.from(result.y)).toEqual(Array.from(results[0]!.y));
    } finally {
      await Promise.all(backends.map((backend) => backend.dispose()));
    }
  });

  test('a process that used the backend (without dispose) exits on its own', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'anyk-node-exit-'));
    const backendUrl = new URL('../node-backend/create-node-backend.ts', import.meta.url).href;
    const helperUrl = new URL('../__tests__/random-layer.ts', import.meta.url).href;
    const script = join(directory, 'use-backend.mjs');
    await writeFile(
      script,
      [
        `import { createNodeBackend } from ${JSON.stringify(backendUrl)};`,
        `import { randomLayer } from ${JSON.stringify(helperUrl)};`,
        'const backend = await createNodeBackend({ threads: 2 });',
        "const { layer, x } = randomLayer({ seed: 1, tokens: 40, experts: 4, d: 8, f: 8, expert: 'swiglu' });",
        'const result = await backend.forward(layer, { tokens: 40, x });',
        "console.log('done', result.y.length);",
      ].join('\n'),
    );
    try {
      const { stdout } = await run(process.execPath, ['--conditions=@anyk/source', script], {
        timeout: 30_000,
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      });
      expect(stdout.trim()).toBe('done 320');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
