import type { KernelBackendV1 } from '@anyk/core';
import { type Fixture, findSharedFixtures, loadFixtures, runConformance } from '@anyk/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../backends/create-backend.ts';
import { evaluateFixture } from './evaluate-fixture.ts';

/**
 * Focused conformance run over the shared-expert fixtures (`layer-shared*` of top-k and deepseek-v3) and
 * the Uni-MoE-2.0 family, on every CPU backend: a quick lane for work on these features that does not
 * load (or wait for) the whole fixture tree.
 */
const directory = findSharedFixtures(import.meta.url);
let fixtures: Fixture[] = [];

beforeAll(async () => {
  if (!directory) throw new Error('shared/fixtures not found beside the repository (set ANYK_FIXTURES)');
  const loaded = await loadFixtures(directory, { families: ['top-k', 'deepseek-v3', 'uni-moe-2'] });
  fixtures = loaded.filter((fixture) => fixture.family === 'uni-moe-2' || /\/layer-shared/.test(fixture.id));
});

/** `complete`: the backend has a backward pass, so every expectation must be checked (gpu.js: all but grads). */
const lanes = [
  { name: 'reference', complete: true },
  { name: 'node', complete: true },
  { name: 'gpujs', complete: false },
];

for (const lane of lanes) {
  describe(`shared-expert and uni-moe-2 fixtures on the ${lane.name} backend`, () => {
    let backend: KernelBackendV1;
    beforeAll(async () => {
      backend = await createBackend(lane.name, { threads: 1 });
    });
    afterAll(async () => {
      await backend?.dispose();
    });

    it('passes every case', async () => {
      expect(fixtures.length).toBe(17);
      const results = await runConformance(fixtures, backend, evaluateFixture);
      // A forward-only backend may skip the gradients, and nothing else.
      const forwardOnlySkip = (detail: string): boolean =>
        detail
          .split('; ')
          .every((part) =>
            /^grads\.[\w.]+: backend "\w+" has no backward pass/.test(
              part.replace(/ \(every other expectation passed\)$/, ''),
            ),
          );
      const notPassing = results.filter(
        (result) =>
          result.status === 'fail' ||
          (result.status === 'skip' && (lane.complete || !forwardOnlySkip(result.detail))),
      );
      expect(notPassing.map((result) => `${result.id}: ${result.status} ${result.detail}`)).toEqual([]);
    });
  });
}
