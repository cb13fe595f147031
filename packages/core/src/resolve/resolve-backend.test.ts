import { describe, expect, it, vi } from 'vitest';
import type { KernelBackendV1 } from '../contracts/kernel-backend-v1.ts';
import { BackendUnavailableError, InvalidArgumentError } from '../errors/anyk-error.ts';
import { createReferenceBackend } from '../reference/create-reference-backend.ts';
import { isKernelBackend } from './is-kernel-backend.ts';
import { resolveBackend } from './resolve-backend.ts';

/** A reference backend whose `dispose` is observable. */
async function observedBackend(): Promise<{ backend: KernelBackendV1; dispose: ReturnType<typeof vi.fn> }> {
  const backend = await createReferenceBackend();
  const dispose = vi.fn(() => backend.dispose());
  return { backend: Object.assign(Object.create(backend) as KernelBackendV1, { dispose }), dispose };
}

const never = (): Promise<KernelBackendV1> => new Promise(() => undefined);

describe('resolveBackend', () => {
  it('returns the first candidate that works, with why each earlier one failed', async () => {
    const gpuError = new BackendUnavailableError('webgpu', 'no adapter');
    const resolved = await resolveBackend([
      {
        name: 'webgpu',
        create: () => {
          throw gpuError;
        },
      },
      { name: 'broken', create: () => Promise.reject(new Error('wasm compile failed')) },
      { name: 'reference', create: createReferenceBackend },
      { name: 'never-tried', create: never },
    ]);
    expect(resolved.name).toBe('reference');
    expect(resolved.backend.name).toBe('reference');
    expect(resolved.failures).toEqual([
      { name: 'webgpu', error: gpuError },
      { name: 'broken', error: new Error('wasm compile failed') },
    ]);
    await resolved.backend.dispose();
  });

  it('accepts a factory that returns the backend synchronously', async () => {
    const backend = await createReferenceBackend();
    const resolved = await resolveBackend([{ name: 'sync', create: () => backend }]);
    expect(resolved).toEqual({ backend, name: 'sync', failures: [] });
    await backend.dispose();
  });

  it('rejects with BackendUnavailableError listing every failure, kept as a property', async () => {
    const error = await resolveBackend([
      { name: 'a', create: () => Promise.reject(new Error('first reason')) },
      { name: 'b', create: () => Promise.reject('second reason') },
    ]).catch((caught: unknown) => caught);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    const unavailable = error as BackendUnavailableError;
    expect(unavailable.message).toBe(
      'backend "a | b" is unavailable: every candidate failed: a: first reason; b: second reason',
    );
    expect(unavailable.failures).toEqual([
      { name: 'a', error: new Error('first reason') },
      { name: 'b', error: 'second reason' },
    ]);
  });

  it('an empty list or a malformed candidate is an InvalidArgumentError naming it', async () => {
    await expect(resolveBackend([])).rejects.toMatchObject({ argument: 'candidates' });
    await expect(resolveBackend([])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      resolveBackend([{ name: 'ok', create: createReferenceBackend }, { name: 'bad' } as never]),
    ).rejects.toMatchObject({ name: 'InvalidArgumentError', argument: 'candidates[1]' });
    await expect(resolveBackend(undefined as never)).rejects.toMatchObject({ argument: 'candidates' });
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(
        resolveBackend([{ name: 'ok', create: createReferenceBackend }], { timeoutMs }),
      ).rejects.toMatchObject({ argument: 'timeoutMs' });
    }
  });

  it('bounds a hanging factory by timeoutMs, names it, and disposes the backend if it arrives late', async () => {
    const late = await observedBackend();
    let deliver: (backend: KernelBackendV1) => void = () => undefined;
    const resolved = await resolveBackend(
      [
        { name: 'slow', create: () => new Promise<KernelBackendV1>((resolve) => (deliver = resolve)) },
        { name: 'reference', create: createReferenceBackend },
      ],
      { timeoutMs: 20 },
    );
    expect(resolved.name).toBe('reference');
    expect(resolved.failures).toHaveLength(1);
    expect(resolved.failures[0]?.name).toBe('slow');
    const timeout = resolved.failures[0]?.error as BackendUnavailableError;
    expect(timeout).toBeInstanceOf(BackendUnavailableError);
    expect(timeout.message).toBe('backend "slow" is unavailable: its factory did not finish within 20 ms');
    deliver(late.backend);
    await vi.waitFor(() => expect(late.dispose).toHaveBeenCalledTimes(1));
    await resolved.backend.dispose();
  });

  it('a factory that returns a non-backend is a named failure', async () => {
    const reference = await createReferenceBackend();
    const cases: [string, unknown, RegExp][] = [
      ['undefined', undefined, /it returned undefined, not a KernelBackendV1/],
      ['null', null, /it returned null/],
      ['v2', { ...reference, specificationVersion: 'v2' }, /specificationVersion is "v2", not "v1"/],
      ['no-forward', { ...reference, forward: undefined }, /without forward/],
    ];
    const error = await resolveBackend(
      cases.map(([name, value]) => ({ name, create: () => value as KernelBackendV1 })),
    ).catch((caught: unknown) => caught as BackendUnavailableError);
    expect(error.failures.map((failure) => failure.name)).toEqual(cases.map(([name]) => name));
    cases.forEach(([name, , pattern], index) => {
      const failure = error.failures[index]?.error as BackendUnavailableError;
      expect(failure.backend).toBe(name);
      expect(failure.message).toMatch(pattern);
    });
    expect(isKernelBackend(reference)).toBe(true);
    await reference.dispose();
  });

  it('an abort stops the search with the signal reason and disposes a backend that arrives later', async () => {
    const late = await observedBackend();
    const controller = new AbortController();
    let deliver: (backend: KernelBackendV1) => void = () => undefined;
    const pending = resolveBackend(
      [
        { name: 'slow', create: () => new Promise<KernelBackendV1>((resolve) => (deliver = resolve)) },
        { name: 'reference', create: createReferenceBackend },
      ],
      { signal: controller.signal },
    );
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
    deliver(late.backend);
    await vi.waitFor(() => expect(late.dispose).toHaveBeenCalledTimes(1));
    await expect(
      resolveBackend([{ name: 'reference', create: createReferenceBackend }], { signal: controller.signal }),
    ).rejects.toThrow('user cancelled');
  });
});
