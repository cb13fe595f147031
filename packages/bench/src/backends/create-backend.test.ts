import { InvalidArgumentError, resolveBackend } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { backendCandidates, backendNames, createBackend, isBackendName } from './create-backend.ts';

describe('the CLI backend table', () => {
  it('an unknown name is an InvalidArgumentError naming the backend option', async () => {
    await expect(createBackend('cuda')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(createBackend('cuda')).rejects.toMatchObject({ argument: 'backend' });
    expect(() => backendCandidates(['node', 'cuda'])).toThrow(
      /backend must be one of webgpu, node, gpujs, reference/,
    );
    expect(backendNames.every(isBackendName)).toBe(true);
    expect(isBackendName('cuda')).toBe(false);
  });

  it('resolveBackend over the table picks the first backend that can be created', async () => {
    const resolved = await resolveBackend(backendCandidates(['node', 'reference'], { threads: 1 }));
    expect(resolved.name).toBe('node');
    expect(resolved.backend.name).toBe('node');
    expect(resolved.failures).toEqual([]);
    await resolved.backend.dispose();
  });
});
