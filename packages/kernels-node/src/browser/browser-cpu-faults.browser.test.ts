import {
  AnykError,
  BackendLostError,
  BackendUnavailableError,
  InvalidArgumentError,
  ShapeError,
} from '@anyk/core';
import { expect, test } from 'vitest';
import { randomLayer } from '../__tests__/random-layer.ts';
import { createBrowserCpuBackend } from './create-browser-cpu-backend.ts';

/**
 * Faults that do not depend on the page's mode: run in the plain `browser-cpu` lane only (the isolated lane
 * excludes this file; vitest.config.ts). Worker deaths and 16-bit weights run in both lanes
 * (`create-browser-cpu-backend.browser.test.ts`).
 */

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
    // route() checks its input in the worker (like the Node backend): the typed error crosses the port.
    const routeFailure = await backend
      .route(layer.spec, { tokens: 6, logits: new Float64Array(5) })
      .catch((error: unknown) => error);
    expect(routeFailure).toBeInstanceOf(ShapeError);
    expect((routeFailure as ShapeError).argument).toBe('logits');
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

test('dispose, then forward: BackendLostError', async () => {
  const backend = await createBrowserCpuBackend();
  const { layer, x } = randomLayer({ seed: 5, tokens: 3, experts: 2, d: 4, f: 4, expert: 'gelu', k: 1 });
  await backend.dispose();
  const failure = await backend.forward(layer, { tokens: 3, x }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(BackendLostError);
  expect(AnykError.isInstance(failure)).toBe(true);
});
