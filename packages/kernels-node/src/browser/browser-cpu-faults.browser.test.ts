import {
  BackendLostError,
  BackendUnavailableError,
  createReferenceBackend,
  InvalidArgumentError,
  KernelError,
  ShapeError,
} from '@anyk/core';
import { expect, inject, test } from 'vitest';
import {
  randomArray,
  randomLayer,
  relativeError,
  seededRandom,
  toHalfLayer,
} from '../__tests__/random-layer.ts';
import { browserCpuControls, createBrowserCpuBackend } from './create-browser-cpu-backend.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    crossOriginIsolated: boolean;
  }
}

const isolated = inject('crossOriginIsolated');

/** A forward of a few hundred milliseconds, so a worker can be ended while it runs. */
function longLayer() {
  return randomLayer({ seed: 51, tokens: 1024, experts: 8, d: 256, f: 512, expert: 'swiglu' });
}

test('options are checked before any worker starts (the error names the option)', async () => {
  await expect(createBrowserCpuBackend({ threads: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
  await expect(createBrowserCpuBackend({ threads: 1.5 })).rejects.toThrow(/threads/);
  await expect(createBrowserCpuBackend({ maxMemoryBytes: 10 })).rejects.toThrow(/maxMemoryBytes/);
  await expect(createBrowserCpuBackend({ multiplyAdd: 'fast' as unknown as 'auto' })).rejects.toThrow(
    /multiplyAdd/,
  );
});

test('no Web Workers: BackendUnavailableError naming the reason', async () => {
  const original = globalThis.Worker;
  (globalThis as { Worker?: unknown }).Worker = undefined;
  try {
    const failure = await createBrowserCpuBackend().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BackendUnavailableError);
    expect((failure as Error).message).toMatch(/Web Workers/);
  } finally {
    globalThis.Worker = original;
  }
});

test('a worker script that does not load: BackendUnavailableError, not a hang', async () => {
  const failure = await createBrowserCpuBackend({
    workerUrl: '/no-such-worker.js',
    startTimeoutMs: 20_000,
  }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(BackendUnavailableError);
});

test('the host worker killed during a forward: BackendLostError for that call and every later one', async () => {
  const backend = await createBrowserCpuBackend({ threads: 2 });
  const { layer, x } = longLayer();
  const call = backend.forward(layer, { tokens: 1024, x }).catch((error: unknown) => error);
  await new Promise((resolve) => setTimeout(resolve, 20));
  browserCpuControls.get(backend)!.terminateHostWorker();
  expect(await call).toBeInstanceOf(BackendLostError);
  await expect(backend.forward(layer, { tokens: 1024, x })).rejects.toBeInstanceOf(BackendLostError);
  expect(backend.memory().bytesInUse).toBe(0);
  await backend.dispose();
});

test(`a kernel worker killed mid-job (${isolated ? 'KernelError, then the replaced worker serves the next call' : 'none: the host runs the kernels itself'})`, async () => {
  const backend = await createBrowserCpuBackend({ threads: 2 });
  const reference = await createReferenceBackend();
  try {
    if (isolated) {
      // ~6 GFLOP: long enough on any machine that the crash lands while the kernels run.
      const { layer, x } = randomLayer({
        seed: 51,
        tokens: 4096,
        experts: 8,
        d: 256,
        f: 512,
        expert: 'swiglu',
      });
      const call = backend.forward(layer, { tokens: 4096, x }).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 30));
      browserCpuControls.get(backend)!.crashKernelWorker(0);
      expect(await call).toBeInstanceOf(KernelError);
    } else {
      expect(backend.threads).toBe(1);
      browserCpuControls.get(backend)!.crashKernelWorker(0);
    }
    const small = randomLayer({ seed: 52, tokens: 9, experts: 4, d: 12, f: 8, expert: 'gelu', k: 2 });
    const got = await backend.forward(small.layer, { tokens: 9, x: small.x });
    const want = await reference.forward(small.layer, { tokens: 9, x: small.x });
    expect(relativeError(got.y, want.y)).toBeLessThan(1e-4);
  } finally {
    await backend.dispose();
  }
});

test('a backward without a retained forward, and mismatched shapes, are the Node backend typed errors', async () => {
  const backend = await createBrowserCpuBackend();
  try {
    const { layer, x } = randomLayer({ seed: 53, tokens: 6, experts: 3, d: 8, f: 8, expert: 'silu', k: 2 });
    const input = { tokens: 6, x };
    const plain = await backend.forward(layer, input);
    await expect(backend.backward(layer, input, plain, new Float32Array(48))).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(backend.forward(layer, { tokens: 6, x: x.subarray(1) })).rejects.toBeInstanceOf(ShapeError);
  } finally {
    await backend.dispose();
  }
});

test('16-bit weights (bf16, f16) match the reference on the rounded weights, forward and backward', async () => {
  const backend = await createBrowserCpuBackend({ threads: 2 });
  const reference = await createReferenceBackend();
  try {
    for (const dtype of ['bf16', 'f16'] as const) {
      const { layer, x } = randomLayer({
        seed: 54,
        tokens: 20,
        experts: 5,
        d: 16,
        f: 24,
        expert: 'swiglu',
        k: 2,
      });
      const half = toHalfLayer(layer, dtype);
      const input = { tokens: 20, x };
      const got = await backend.forward(half, input, { retainForBackward: true });
      const want = await reference.forward(half, input, { retainForBackward: true });
      expect(relativeError(got.y, want.y)).toBeLessThan(1e-4);
      const gradOutput = randomArray(seededRandom(55), 20 * 16);
      const grads = await backend.backward(half, input, got, gradOutput);
      const wantGrads = await reference.backward(half, input, want, gradOutput);
      expect(relativeError(grads.x, wantGrads.x)).toBeLessThan(1e-4);
    }
  } finally {
    await backend.dispose();
  }
});

test('weights are posted once per weights object, and releaseWeights drops them', async () => {
  const backend = await createBrowserCpuBackend();
  try {
    const { layer, x } = randomLayer({ seed: 56, tokens: 5, experts: 3, d: 8, f: 8, expert: 'gelu', k: 1 });
    await backend.forward(layer, { tokens: 5, x });
    const held = backend.memory().details?.preparedLayers;
    expect(held).toBe(1);
    await backend.forward(layer, { tokens: 5, x });
    expect(backend.memory().details?.preparedLayers).toBe(1);
    backend.releaseWeights(layer.weights);
    await backend.forward({ ...layer, weights: { ...layer.weights } }, { tokens: 5, x });
    expect(backend.memory().details?.preparedLayers).toBe(1);
  } finally {
    await backend.dispose();
  }
});
