import { type KernelBackendV1, UnsupportedError } from '@anyk/core';
import { type Fixture, findSharedFixtures, loadFixtures, runConformance } from '@anyk/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../backends/create-backend.ts';
import { evaluateFixture } from './evaluate-fixture.ts';

/**
 * The conformance suite over ../shared/fixtures for every backend this build has. A backend that cannot
 * be created here is a listed skip with its reason; WebGPU runs where test.sh found a software adapter.
 */
const directory = findSharedFixtures(import.meta.url);
let fixtures: Fixture[] = [];

beforeAll(async () => {
  if (!directory) throw new Error('shared/fixtures not found beside the repository (set ANYK_FIXTURES)');
  fixtures = await loadFixtures(directory);
});

/** `complete`: the backend implements forward and backward, so it may skip nothing. */
const lanes: { name: string; when: boolean; why: string; complete: boolean }[] = [
  { name: 'reference', when: true, why: '', complete: true },
  { name: 'node', when: true, why: '', complete: true },
  { name: 'gpujs', when: true, why: '', complete: false },
  {
    name: 'webgpu',
    when: process.env.ANYK_LANE_WEBGPU_DAWN === '1',
    why: 'no SwiftShader driver (see scripts/test.sh)',
    complete: true,
  },
];

for (const lane of lanes) {
  describe.skipIf(!lane.when)(
    `conformance on the ${lane.name} backend${lane.when ? '' : ` (skipped: ${lane.why})`}`,
    () => {
      let backend: KernelBackendV1 | undefined;
      let unavailable = '';
      beforeAll(async () => {
        try {
          backend = await createBackend(lane.name, { threads: 1 });
        } catch (error) {
          unavailable = (error as Error).message;
        }
      });
      afterAll(async () => {
        await backend?.dispose();
      });

      it('passes every fixture it claims, and lists the rest as skips', async (context) => {
        if (!backend) context.skip(`backend unavailable: ${unavailable}`);
        const results = await runConformance(fixtures, backend as KernelBackendV1, evaluateFixture);
        const failures = results.filter((result) => result.status === 'fail');
        expect(failures.map((failure) => `${failure.id}: ${failure.detail}`)).toEqual([]);
        expect(results).toHaveLength(fixtures.length);
        if (lane.complete) {
          // The oracle, and every backend with a backward pass, has no excuse: every expectation of every
          // fixture must be checked and pass.
          const skips = results.filter((result) => result.status === 'skip');
          expect(skips.map((skip) => `${skip.id}: ${skip.detail}`)).toEqual([]);
        }
      });
    },
  );
}

describe('evaluator', () => {
  it('reports an unknown family as an unsupported case, not a pass', async () => {
    const backend = await createBackend('reference');
    const fixture = { ...fixtures[0], router: { kind: 'nope' }, family: 'nope' } as unknown as Fixture;
    await expect(evaluateFixture(fixture, backend)).rejects.toBeInstanceOf(UnsupportedError);
  });
});
