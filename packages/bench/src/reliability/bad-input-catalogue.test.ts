import { AnykError, createReferenceBackend, type KernelBackendV1 } from '@anyk/core';
import { compareWithTolerance } from '@anyk/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../backends/create-backend.ts';
import {
  type BadInputCase,
  backendBadInputCases,
  type GoodCall,
  goodLayerCase,
} from './bad-input-catalogue.ts';
import { differentialTolerance } from './compare-with-reference.ts';
import { factoryBadInputCases } from './factory-bad-inputs.ts';

/**
 * The bad-input catalogue (issue 17) on every backend: each case is a typed `AnykError` naming the argument
 * (or the documented result of a valid edge input, finite numbers or a typed overflow error), and after
 * each the same backend instance still computes the good call exactly as before (no poisoned pool or device).
 */
const lanes = [
  { name: 'reference', when: true },
  { name: 'node', when: true },
  { name: 'gpujs', when: true },
  { name: 'webgpu', when: process.env.ANYK_LANE_WEBGPU_DAWN === '1' },
] as const;

/** What a typed error names: its argument, else its file, else its message. */
function named(error: AnykError): string {
  const fields = error as unknown as { argument?: string; file?: string };
  return fields.argument ?? fields.file ?? error.message;
}

/** Every float array in a result (y, weights, gradients), for the "never silent NaN" rule. */
function floatArrays(value: unknown): ArrayLike<number>[] {
  if (value instanceof Float32Array || value instanceof Float64Array) return [value];
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return [];
  return Object.values(value).flatMap(floatArrays);
}

/** Runs one case and returns what went wrong, or undefined when it behaved as catalogued. */
async function checkCase(
  backend: KernelBackendV1,
  testCase: BadInputCase,
  good: GoodCall,
): Promise<string | undefined> {
  let outcome: { value: unknown } | { error: unknown };
  try {
    outcome = { value: await testCase.call(backend, good) };
  } catch (error) {
    outcome = { error };
  }
  const expectation =
    testCase.needsBackward && !backend.capabilities.backward
      ? ({ kind: 'code', code: 'unsupported' } as const)
      : testCase.expect;
  if ('error' in outcome) {
    const error = outcome.error;
    if (!AnykError.isInstance(error)) return `untyped ${String(error)}`;
    if (expectation.kind === 'code')
      return error.code === expectation.code ? undefined : `code ${error.code}: ${error.message}`;
    if (expectation.kind === 'resolves') return `rejected: ${error.message}`;
    return expectation.argument.test(named(error)) ? undefined : `names "${named(error)}": ${error.message}`;
  }
  if (expectation.kind === 'argument' || expectation.kind === 'code') return 'resolved instead of rejecting';
  if (expectation.kind === 'finite') {
    const bad = floatArrays(outcome.value).find((array) =>
      Array.from(array).some((v) => !Number.isFinite(v)),
    );
    if (bad) return `resolved with non-finite numbers: ${Array.from(bad).slice(0, 6)}`;
  }
  return undefined;
}

for (const lane of lanes) {
  describe.skipIf(!lane.when)(`bad-input catalogue on the ${lane.name} backend`, () => {
    let backend: KernelBackendV1;
    let good: GoodCall;
    beforeAll(async () => {
      backend = await createBackend(lane.name, { threads: 2 });
      const reference = await createReferenceBackend();
      const call = goodLayerCase();
      good = {
        ...call,
        forward: await reference.forward(call.layer, call.input, { retainForBackward: true }),
      };
    });
    afterAll(async () => {
      await backend?.dispose();
    });

    it(`has at least 100 cases (${backendBadInputCases.length})`, () => {
      expect(backendBadInputCases.length + factoryBadInputCases.length).toBeGreaterThanOrEqual(100);
    });

    it('every case behaves as catalogued, and the instance then passes the good call', async () => {
      const failures: string[] = [];
      for (const testCase of backendBadInputCases) {
        const problem = await checkCase(backend, testCase, good);
        if (problem) failures.push(`${testCase.name}: ${problem}`);
        try {
          const { y } = await backend.forward(good.layer, good.input);
          const comparison = compareWithTolerance(y, good.forward.y, differentialTolerance);
          if (!comparison.ok)
            failures.push(`${testCase.name}: the good call after it differs (${comparison.detail})`);
        } catch (error) {
          failures.push(`${testCase.name}: the good call after it failed: ${String(error)}`);
        }
      }
      expect(failures).toEqual([]);
    }, 600_000);
  });
}

describe('bad-input catalogue of the factories (routers, losses, backends, checkpoints)', () => {
  for (const testCase of factoryBadInputCases) {
    it(testCase.name, async () => {
      const error = await Promise.resolve()
        .then(testCase.call)
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(AnykError.isInstance(error), `typed error, got ${String(error)}`).toBe(true);
      expect(named(error as AnykError)).toMatch(testCase.argument);
    });
  }
});
