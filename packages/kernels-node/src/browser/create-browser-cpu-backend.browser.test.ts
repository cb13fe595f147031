import { BackendLostError, createReferenceBackend, KernelError, ShapeError } from '@anyk/core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
  randomArray,
  randomLayer,
  relativeError,
  seededRandom,
  toHalfLayer,
} from '../__tests__/random-layer.ts';
import { browserCpuControls } from './create-browser-cpu-backend.ts';
import { type BrowserCpuBackend, createBrowserCpuBackend } from './index.ts';

/**
 * What depends on the page's mode, run in both browser lanes: `browser-cpu` (plain page: one worker) and
 * `browser-cpu-isolated` (COOP/COEP: kernel workers over shared memory). Mode-independent faults are in
 * `browser-cpu-faults.browser.test.ts` (plain lane only).
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Whether the lane's page is served cross-origin isolated (vitest.config.ts, the browser-cpu lanes). */
    crossOriginIsolated: boolean;
  }
}

const isolated = inject('crossOriginIsolated');

/** A forward of a few hundred milliseconds, so a worker can be ended while it runs. */
function longLayer() {
  return randomLayer({ seed: 51, tokens: 1024, experts: 8, d: 256, f: 512, expert: 'swiglu' });
}

describe(`browser CPU backend (${isolated ? 'cross-origin isolated, 2 threads' : 'not isolated'})`, () => {
  let backend: BrowserCpuBackend;
  beforeAll(async () => {
    backend = await createBrowserCpuBackend({ threads: 2 });
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  test('the page is served as the lane says, and threads follow it', () => {
    expect(globalThis.crossOriginIsolated).toBe(isolated);
    expect(backend.name).toBe('browser-cpu');
    expect(backend.isolated).toBe(isolated);
    expect(backend.threads).toBe(isolated ? 2 : 1);
    if (isolated) expect(backend.threadFallback).toBeUndefined();
    else expect(backend.threadFallback).toMatch(/not cross-origin isolated/);
  });

  test('forward and backward match the reference', async () => {
    const reference = await createReferenceBackend();
    const { layer, x } = randomLayer({
      seed: 3,
      tokens: 37,
      experts: 6,
      d: 21,
      f: 35,
      expert: 'swiglu',
      routing: 'top-p',
    });
    const input = { tokens: 37, x };
    const got = await backend.forward(layer, input, { retainForBackward: true });
    const want = await reference.forward(layer, input, { retainForBackward: true });
    expect(relativeError(got.y, want.y)).toBeLessThan(1e-4);
    const gradOutput = Float32Array.from({ length: 37 * 21 }, (_, index) => Math.sin(index));
    const grads = await backend.backward(layer, input, got, gradOutput);
    const wantGrads = await reference.backward(layer, input, want, gradOutput);
    expect(relativeError(grads.x, wantGrads.x)).toBeLessThan(1e-4);
    expect(backend.memory().bytesPooled).toBeGreaterThanOrEqual(0);
  });

  test('results the worker moves to the page (y, expert weight gradients) are whole, and repeat calls agree', async () => {
    const { layer, x } = randomLayer({ seed: 9, tokens: 40, experts: 4, d: 16, f: 24, expert: 'swiglu' });
    const input = { tokens: 40, x };
    const gradOutput = Float32Array.from({ length: 40 * 16 }, (_, index) => Math.cos(index));
    const first = await backend.forward(layer, input, { retainForBackward: true });
    const firstGrads = await backend.backward(layer, input, first, gradOutput);
    // A moved buffer the worker still used (its weights, a cached array) would detach or change there.
    const second = await backend.forward(layer, input, { retainForBackward: true });
    const secondGrads = await backend.backward(layer, input, second, gradOutput);
    expect(first.y.length).toBe(40 * 16);
    expect(firstGrads.wUp.length).toBe(4 * 24 * 16);
    expect(Array.from(second.y)).toEqual(Array.from(first.y));
    for (const name of ['x', 'router', 'wGate', 'wUp', 'wDown'] as const) {
      expect(Array.from(secondGrads[name] ?? []), name).toEqual(Array.from(firstGrads[name] ?? []));
    }
  });

  test('a layer that outgrows the initial memory (it grows mid-call; a plain memory detaches its views)', async () => {
    const reference = await createReferenceBackend();
    const { layer, x } = randomLayer({ seed: 6, tokens: 300, experts: 8, d: 96, f: 160, expert: 'swiglu' });
    const input = { tokens: 300, x };
    const got = await backend.forward(layer, input, { retainForBackward: true });
    const want = await reference.forward(layer, input, { retainForBackward: true });
    expect(relativeError(got.y, want.y)).toBeLessThan(1e-4);
    const gradOutput = Float32Array.from({ length: 300 * 96 }, (_, index) => Math.cos(index));
    const grads = await backend.backward(layer, input, got, gradOutput);
    const wantGrads = await reference.backward(layer, input, want, gradOutput);
    for (const key of ['x', 'router', 'wGate', 'wUp', 'wDown'] as const) {
      expect(relativeError(grads[key]!, wantGrads[key]!), key).toBeLessThan(1e-4);
    }
    expect(backend.memory().bytesPooled + backend.memory().bytesInUse).toBeGreaterThan(16 * 65536);
  });

  test('bad shapes reject with the same typed error as on Node, before reaching the worker', async () => {
    const { layer, x } = randomLayer({ seed: 4, tokens: 4, experts: 3, d: 5, f: 6, expert: 'gelu', k: 1 });
    await expect(backend.forward(layer, { tokens: 5, x })).rejects.toBeInstanceOf(ShapeError);
  });
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
