import { type KernelBackendV1, UnsupportedError } from '@anyk/core';
import {
  type Fixture,
  findFixtures,
  listHfFixtures,
  loadFixtures,
  PENDING_FIXTURES,
  pendingFixtureReason,
  runConformance,
} from '@anyk/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreateBackendOptions, createBackend } from '../backends/create-backend.ts';
import { evaluateFixture } from './evaluate-fixture.ts';

/**
 * The conformance suite over the repository's fixtures (or `ANYK_FIXTURES`) for every backend this build
 * has. A backend that cannot be created here is a listed skip with its reason; WebGPU runs where test.sh
 * found a software adapter. Fixtures whose feature is not implemented yet are skips only when listed in
 * `PENDING_FIXTURES` (core's `testing/pending-fixtures.ts`); any other skip, or a listed one that passes,
 * fails the lane.
 */
const directory = findFixtures(import.meta.url);
let fixtures: Fixture[] = [];

beforeAll(async () => {
  if (!directory) throw new Error('the repository fixtures/ folder was not found (or set ANYK_FIXTURES)');
  fixtures = await loadFixtures(directory);
});

/**
 * `allowedSkip`: the one reason a backend may skip an expectation outside `PENDING_FIXTURES` (gpu.js has no
 * backward pass); the oracle and every backend with a backward pass may skip nothing else.
 */
const lanes: {
  name: string;
  when: boolean;
  why: string;
  allowedSkip?: RegExp;
  options?: CreateBackendOptions;
  label?: string;
}[] = [
  { name: 'reference', when: true, why: '' },
  { name: 'node', when: true, why: '' },
  // The node backend with onnxruntime-node (a bench dev dependency) driving its products.
  {
    name: 'node',
    label: 'node (onnxruntime engine)',
    options: { engine: 'onnxruntime' },
    when: true,
    why: '',
  },
  { name: 'gpujs', when: true, why: '', allowedSkip: /^[^:]+: backend "gpujs" has no backward pass$/ },
  {
    name: 'webgpu',
    when: process.env.ANYK_LANE_WEBGPU_DAWN === '1',
    why: 'no SwiftShader driver (see scripts/test.sh)',
  },
];

/** True when every skipped part of a result's detail is explained by `allowed`. */
function explainedBy(detail: string, allowed: RegExp | undefined): boolean {
  if (!allowed) return false;
  const parts = detail.replace(/ \(every other expectation passed\)$/, '').split('; ');
  return parts.every((part) => allowed.test(part));
}

for (const lane of lanes) {
  describe.skipIf(!lane.when)(
    `conformance on the ${lane.label ?? lane.name} backend${lane.when ? '' : ` (skipped: ${lane.why})`}`,
    () => {
      let backend: KernelBackendV1 | undefined;
      let unavailable = '';
      beforeAll(async () => {
        try {
          backend = await createBackend(lane.name, { threads: 1, ...lane.options });
        } catch (error) {
          unavailable = (error as Error).message;
        }
      });
      afterAll(async () => {
        await backend?.dispose();
      });

      // WebGPU on SwiftShader runs ~130 fixtures forward and backward: minutes on a 2-core machine.
      it('passes every fixture it claims, and lists the rest as skips', {
        timeout: 600_000,
      }, async (context) => {
        if (!backend) context.skip(`backend unavailable: ${unavailable}`);
        const results = await runConformance(fixtures, backend as KernelBackendV1, evaluateFixture);
        const failures = results.filter((result) => result.status === 'fail');
        expect(failures.map((failure) => `${failure.id}: ${failure.detail}`)).toEqual([]);
        expect(results).toHaveLength(fixtures.length);
        const stale = results.filter((result) => result.status === 'pass' && result.pending !== undefined);
        expect(
          stale.map((result) => `${result.id} passes: remove it from PENDING_FIXTURES (${result.pending})`),
        ).toEqual([]);
        // Every other skip fails the lane: a new file, family or missing part must be listed as pending.
        const unexplained = results.filter(
          (result) =>
            result.status === 'skip' &&
            result.pending === undefined &&
            !explainedBy(result.detail, lane.allowedSkip),
        );
        expect(unexplained.map((skip) => `${skip.id}: ${skip.detail}`)).toEqual([]);
      });
    },
  );
}

describe('pending list', () => {
  // The hf/ real-checkpoint cases are another format: @anyk/checkpoints runs every one of them on the
  // reference, node and gpu.js backends, and kernels-webgpu on WebGPU (a new case folder there fails loudly).
  it('every pending entry matches at least one fixture (no dead entries)', async () => {
    const ids = [
      ...fixtures.map((fixture) => fixture.id),
      ...(await listHfFixtures(directory as string)).map((entry) => entry.id),
    ];
    const dead = PENDING_FIXTURES.filter(
      (entry) => !ids.some((id) => pendingFixtureReason(id, entry.lanes?.[0] ?? 'reference', [entry])),
    );
    expect(dead.map((entry) => entry.pattern)).toEqual([]);
  });
});

describe('evaluator', () => {
  it('reports an unknown family as an unsupported case, not a pass', async () => {
    const backend = await createBackend('reference');
    const fixture = { ...fixtures[0], router: { kind: 'nope' }, family: 'nope' } as unknown as Fixture;
    await expect(evaluateFixture(fixture, backend)).rejects.toBeInstanceOf(UnsupportedError);
  });
});
