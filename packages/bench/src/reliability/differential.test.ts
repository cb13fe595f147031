import { createReferenceBackend, type KernelBackendV1 } from '@anyk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../backends/create-backend.ts';
import { formatRecipe, fuzzBackend, smallShapeLimits } from './fuzz-backend.ts';

/**
 * Differential property tests (issue 17): random families, hyper-parameters, shapes, dtypes, magnitudes and
 * ties on every backend, compared with the float64 reference. A fixed seed set keeps CI reproducible; run
 * `anyk fuzz --backend <name> --cases 10000 --seed <s>` for the long runs.
 */
const lanes = [
  { name: 'node', when: true, seeds: [1, 2, 3, 4, 5], cases: 100, limits: undefined },
  { name: 'gpujs', when: true, seeds: [1, 2, 3], cases: 100, limits: undefined },
  {
    name: 'webgpu',
    when: process.env.ANYK_LANE_WEBGPU_DAWN === '1',
    seeds: [1],
    cases: 12,
    limits: smallShapeLimits,
  },
] as const;

let reference: KernelBackendV1;
beforeAll(async () => {
  reference = await createReferenceBackend();
});

for (const lane of lanes) {
  describe.skipIf(!lane.when)(
    `differential fuzzing of the ${lane.name} backend against the reference`,
    () => {
      let backend: KernelBackendV1;
      beforeAll(async () => {
        backend = await createBackend(lane.name, { threads: 1 });
      });
      afterAll(async () => {
        await backend?.dispose();
      });
      for (const seed of lane.seeds) {
        it(`agrees on ${lane.cases} random cases from seed ${seed}`, async () => {
          const report = await fuzzBackend(backend, reference, {
            cases: lane.cases,
            seed,
            limits: lane.limits,
          });
          const lines = report.mismatches.map(
            (mismatch) => `${formatRecipe(mismatch.recipe)}: ${mismatch.detail}`,
          );
          if (report.shrunk)
            lines.push(`shrunk: ${formatRecipe(report.shrunk.recipe)}: ${report.shrunk.detail}`);
          expect(report.cases).toBe(lane.cases);
          expect(lines).toEqual([]);
        }, 600_000);
      }
    },
  );
}
