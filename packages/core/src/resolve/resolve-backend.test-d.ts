import { describe, expectTypeOf, it } from 'vitest';
import type { KernelBackendV1 } from '../contracts/kernel-backend-v1.ts';
import { createReferenceBackend } from '../reference/create-reference-backend.ts';
import { type ResolvedBackend, resolveBackend } from './resolve-backend.ts';

describe('resolveBackend types', () => {
  it('returns the candidates backend type', () => {
    const resolved = resolveBackend([{ name: 'reference', create: createReferenceBackend }]);
    expectTypeOf(resolved).resolves.toExtend<ResolvedBackend<KernelBackendV1>>();
    expectTypeOf(resolved).resolves.toHaveProperty('name').toEqualTypeOf<string>();
  });
  it('rejects a factory that does not return a backend, at compile time', () => {
    // @ts-expect-error: create must return a KernelBackendV1
    void resolveBackend([{ name: 'x', create: () => 42 }]);
  });
});
