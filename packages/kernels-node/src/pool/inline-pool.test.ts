import { createReferenceBackend, InvalidArgumentError } from '@anyk/core';
import { describe, expect, test } from 'vitest';
import { randomLayer, relativeError } from '../__tests__/random-layer.ts';
import { createRuntimeBackend } from '../node-backend/runtime-backend.ts';
import { KernelRuntime } from '../runtime/kernel-runtime.ts';
import { InlinePool } from './inline-pool.ts';

/**
 * The browser CPU backend's unthreaded path, in Node: the same runtime and backend code on an
 * `InlinePool` over a plain (unshared) memory, which detaches its views when it grows. The browser lanes
 * run it in Chromium; this keeps it covered where no Chromium is installed.
 */
describe('InlinePool over a plain memory', () => {
  test('forward and backward match the reference, through memory growth', async () => {
    const runtime = await KernelRuntime.create({
      threads: 1,
      maxMemoryBytes: 256 << 20,
      multiplyAdd: 'auto',
      sharedMemory: false,
      createPool: InlinePool.create,
      backendName: 'inline-test',
    });
    expect(runtime.arena.memory.buffer).toBeInstanceOf(ArrayBuffer);
    const backend = createRuntimeBackend(runtime, { name: 'inline-test', maxMemoryBytes: 256 << 20 });
    const reference = await createReferenceBackend();
    try {
      for (const testCase of [
        { seed: 61, tokens: 5, experts: 4, d: 12, f: 20, expert: 'gelu' as const, k: 2 },
        {
          seed: 62,
          tokens: 200,
          experts: 8,
          d: 64,
          f: 128,
          expert: 'swiglu' as const,
          routing: 'top-p' as const,
        },
      ]) {
        const { layer, x, gradOutput } = randomLayer(testCase);
        const input = { tokens: testCase.tokens, x };
        const got = await backend.forward(layer, input, { retainForBackward: true });
        const want = await reference.forward(layer, input, { retainForBackward: true });
        expect(Array.from(got.routing.slotExpert)).toEqual(Array.from(want.routing.slotExpert));
        expect(relativeError(got.y, want.y)).toBeLessThan(1e-4);
        const grads = await backend.backward(layer, input, got, gradOutput);
        const wantGrads = await reference.backward(layer, input, want, gradOutput);
        for (const key of ['x', 'router', 'wUp', 'wDown'] as const) {
          expect(relativeError(grads[key]!, wantGrads[key]!), key).toBeLessThan(1e-4);
        }
      }
      // The memory grew past its initial 16 pages during the calls.
      expect(runtime.arena.bytesReserved).toBeGreaterThan(16 * 65536);
    } finally {
      await backend.dispose();
    }
  });

  test('it refuses more than one thread (one scratch block, no other thread)', async () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const options = { memory, module: undefined as unknown as WebAssembly.Module, counter: 0, scratch: [0] };
    await expect(InlinePool.create({ ...options, threads: 2 })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
