import { AnykError, BackendLostError, createReferenceBackend, ShapeError } from '@anyk/core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { randomLayer, relativeError } from '../__tests__/random-layer.ts';
import { type BrowserCpuBackend, createBrowserCpuBackend } from './index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Whether the lane's page is served cross-origin isolated (vitest.config.ts, the browser-cpu lanes). */
    crossOriginIsolated: boolean;
  }
}

const isolated = inject('crossOriginIsolated');

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

  test('bad shapes reject with the same typed error as on Node, before reaching the worker', async () => {
    const { layer, x } = randomLayer({ seed: 4, tokens: 4, experts: 3, d: 5, f: 6, expert: 'gelu', k: 1 });
    await expect(backend.forward(layer, { tokens: 5, x })).rejects.toBeInstanceOf(ShapeError);
  });
});

test('dispose, then forward: BackendLostError', async () => {
  const backend = await createBrowserCpuBackend();
  const { layer, x } = randomLayer({ seed: 5, tokens: 3, experts: 2, d: 4, f: 4, expert: 'gelu', k: 1 });
  await backend.dispose();
  const failure = await backend.forward(layer, { tokens: 3, x }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(BackendLostError);
  expect(AnykError.isInstance(failure)).toBe(true);
});
