import { BackendUnavailableError, InvalidArgumentError } from '@anyk/core';
import { describe, expect, test } from 'vitest';
import { randomLayer, relativeError } from '../__tests__/random-layer.ts';
import { createNodeBackend } from './create-node-backend.ts';

/** What a dynamic import of a package that is not installed rejects with in Node. */
function missingPackage(): Promise<unknown> {
  const error = Object.assign(
    new Error("Cannot find package 'onnxruntime-node' imported from /app/index.js"),
    {
      code: 'ERR_MODULE_NOT_FOUND',
    },
  );
  return Promise.reject(error);
}

describe('engine selection', () => {
  test('the default engine is WebAssembly, reported on the backend', async () => {
    const backend = await createNodeBackend({ threads: 1 });
    expect(backend.engine).toBe('wasm');
    expect(backend.engineFallback).toBeUndefined();
    await backend.dispose();
  });

  test('"onnxruntime" uses onnxruntime-node when it is installed (a dev dependency here)', async () => {
    const backend = await createNodeBackend({ threads: 1, engine: 'onnxruntime' });
    expect(backend.engine).toBe('onnxruntime');
    const { layer, x } = randomLayer({ seed: 40, tokens: 12, experts: 4, d: 8, f: 8, expert: 'swiglu' });
    const result = await backend.forward(layer, { tokens: 12, x });
    expect(result.y).toHaveLength(12 * 8);
    await backend.dispose();
  });

  test('"onnxruntime" without the package is a BackendUnavailableError naming it', async () => {
    const failure = await createNodeBackend({
      engine: 'onnxruntime',
      importOnnxRuntime: missingPackage,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BackendUnavailableError);
    expect((failure as BackendUnavailableError).backend).toBe('onnxruntime-node');
    expect((failure as Error).message).toMatch(
      /optional peer "onnxruntime-node".*npm install onnxruntime-node/,
    );
    expect((failure as Error).cause).toMatchObject({ code: 'ERR_MODULE_NOT_FOUND' });
  });

  test('a module without InferenceSession is refused, not used', async () => {
    await expect(
      createNodeBackend({ engine: 'onnxruntime', importOnnxRuntime: async () => ({ default: {} }) }),
    ).rejects.toThrow(/exports no InferenceSession/);
  });

  test('"auto" takes onnxruntime-node when it loads, WebAssembly (saying why) when it does not', async () => {
    const native = await createNodeBackend({ engine: 'auto' });
    expect(native.engine).toBe('onnxruntime');
    await native.dispose();
    const portable = await createNodeBackend({ engine: 'auto', importOnnxRuntime: missingPackage });
    expect(portable.engine).toBe('wasm');
    expect(portable.engineFallback).toMatch(/onnxruntime-node/);
    await portable.dispose();
  });

  test('an unknown engine is an InvalidArgumentError naming the option', async () => {
    const failure = await createNodeBackend({ engine: 'mkl' as never }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidArgumentError);
    expect((failure as Error).message).toMatch(/engine/);
  });

  test('both engines give the same routing and outputs within float32 tolerance', async () => {
    const wasm = await createNodeBackend({ threads: 1 });
    const native = await createNodeBackend({ threads: 1, engine: 'onnxruntime' });
    const { layer, x } = randomLayer({
      seed: 41,
      tokens: 40,
      experts: 6,
      d: 24,
      f: 20,
      expert: 'gelu',
      k: 2,
    });
    const a = await wasm.forward(layer, { tokens: 40, x });
    const b = await native.forward(layer, { tokens: 40, x });
    expect(Array.from(b.routing.slotExpert)).toEqual(Array.from(a.routing.slotExpert));
    expect(relativeError(b.y, a.y)).toBeLessThan(1e-5);
    await wasm.dispose();
    await native.dispose();
  });

  test('releaseWeights rebuilds the sessions: an in-place weight change is seen after it', async () => {
    const backend = await createNodeBackend({ threads: 1, engine: 'onnxruntime' });
    const { layer, x } = randomLayer({ seed: 42, tokens: 16, experts: 3, d: 8, f: 8, expert: 'swiglu' });
    const before = (await backend.forward(layer, { tokens: 16, x })).y;
    layer.weights.wDown.fill(0);
    backend.releaseWeights(layer.weights);
    const after = (await backend.forward(layer, { tokens: 16, x })).y;
    expect(before.some((value) => value !== 0)).toBe(true);
    expect(after.every((value) => value === 0)).toBe(true);
    await backend.dispose();
  });

  test('with onnxruntime the shared memory keeps the router only: no expert copies or panels', async () => {
    const { layer, x, gradOutput } = randomLayer({
      seed: 43,
      tokens: 24,
      experts: 4,
      d: 64,
      f: 64,
      expert: 'swiglu',
    });
    const held: number[] = [];
    for (const engine of ['wasm', 'onnxruntime'] as const) {
      const backend = await createNodeBackend({ threads: 1, engine });
      // The workers' scratch blocks are there from the start.
      const baseline = backend.memory().bytesInUse;
      const forward = await backend.forward(layer, { tokens: 24, x }, { retainForBackward: true });
      await backend.backward(layer, { tokens: 24, x }, forward, gradOutput);
      held.push(backend.memory().bytesInUse - baseline);
      await backend.dispose();
    }
    const expertBytes = 3 * 4 * 64 * 64 * 4;
    // The WebAssembly engine holds raw and packed copies of the experts (forward and backward panels).
    expect(held[0]).toBeGreaterThan(2 * expertBytes);
    expect(held[1]).toBeLessThan(expertBytes / 4);
  });
});
