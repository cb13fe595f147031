import type { KernelBackendV1 } from '../contracts/kernel-backend-v1.ts';
import { AnykError, UnsupportedError } from '../errors/anyk-error.ts';
import { compareWithTolerance } from './fixtures/compare.ts';
import type { Fixture } from './fixtures/fixture.ts';
import { type PendingFixture, pendingFixtureReason } from './pending-fixtures.ts';

/**
 * What a backend produced for one fixture, keyed like the fixture's `expect`. An expectation the
 * evaluator could not produce goes into `skipped` with its reason (never silently absent).
 */
export interface ConformanceActuals {
  selection?: number[][];
  weights?: number[][];
  grads?: Record<string, ArrayLike<number>>;
  losses?: Record<string, { value: number; grad: Record<string, ArrayLike<number>> }>;
  state?: Record<string, ArrayLike<number>>;
  output?: ArrayLike<number>;
  /** `[T, S]` row-major: the weight of every shared expert per token. */
  shared_weights?: ArrayLike<number>;
  /** `expectation path -> reason` for parts that are not implemented (yet). */
  skipped?: Record<string, string>;
}

/**
 * Turns a fixture into actual values on a backend. `@anyk/bench` provides the one that knows every router
 * family and loss; core only defines the seam, so it never imports a family.
 */
export type ConformanceEvaluator = (
  fixture: Fixture,
  backend: KernelBackendV1,
) => Promise<ConformanceActuals>;

export interface ConformanceResult {
  readonly id: string;
  readonly backend: string;
  readonly status: 'pass' | 'fail' | 'skip';
  /** For `fail`: every expectation that differed and by how much; for `skip`: why. */
  readonly detail: string;
  /** Set when the fixture is listed in the pending table for this backend: the listed reason. */
  readonly pending?: string;
}

/**
 * Compares actuals with a fixture's expectations: selection exactly, every number with the file's
 * tolerance. A case passes only if every expectation is present and passes; a missing part with a
 * reason is a skip, without one a failure.
 */
export function checkFixture(
  fixture: Fixture,
  actuals: ConformanceActuals,
  backend: string,
): ConformanceResult {
  const failures: string[] = [];
  const skips: string[] = [];
  const tolerance = fixture.tolerance;
  const expect = fixture.expect;
  const skipped = actuals.skipped ?? {};
  const missing = (path: string): void => {
    const reason = skipped[path] ?? Object.entries(skipped).find(([key]) => path.startsWith(`${key}.`))?.[1];
    if (reason) skips.push(`${path}: ${reason}`);
    else failures.push(`${path}: not produced`);
  };

  if (expect.selection) {
    if (!actuals.selection) missing('selection');
    else {
      const got = JSON.stringify(actuals.selection);
      if (got !== JSON.stringify(expect.selection)) {
        const token = expect.selection.findIndex(
          (row, t) => JSON.stringify(row) !== JSON.stringify(actuals.selection?.[t]),
        );
        failures.push(
          `selection: token ${token} got [${actuals.selection[token]?.join(', ')}], expected [${expect.selection[token]?.join(', ')}]`,
        );
      }
    }
  }
  if (expect.weights) {
    if (!actuals.weights) missing('weights');
    else {
      const expected = expect.weights.flat();
      const actual = actuals.weights.flat();
      const scale = expected.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
      const comparison = compareWithTolerance(actual, expected, tolerance, scale);
      if (!comparison.ok) failures.push(`weights: ${comparison.detail}`);
    }
  }
  for (const [name, tensor] of Object.entries(expect.grads ?? {})) {
    const actual = actuals.grads?.[name];
    if (!actual) missing(`grads.${name}`);
    else {
      const comparison = compareWithTolerance(actual, tensor.data, tolerance);
      if (!comparison.ok) failures.push(`grads.${name}: ${comparison.detail}`);
    }
  }
  for (const [name, loss] of Object.entries(expect.losses ?? {})) {
    const actual = actuals.losses?.[name];
    if (!actual) {
      missing(`losses.${name}`);
      continue;
    }
    const value = compareWithTolerance([actual.value], [loss.value], tolerance);
    if (!value.ok) failures.push(`losses.${name}.value: ${value.detail}`);
    for (const [input, tensor] of Object.entries(loss.grad)) {
      const grad = actual.grad[input];
      if (!grad) missing(`losses.${name}.grad.${input}`);
      else {
        const comparison = compareWithTolerance(grad, tensor.data, tolerance);
        if (!comparison.ok) failures.push(`losses.${name}.grad.${input}: ${comparison.detail}`);
      }
    }
  }
  for (const [name, tensor] of Object.entries(expect.state ?? {})) {
    const actual = actuals.state?.[name];
    if (!actual) missing(`state.${name}`);
    else {
      const comparison = compareWithTolerance(actual, tensor.data, tolerance);
      if (!comparison.ok) failures.push(`state.${name}: ${comparison.detail}`);
    }
  }
  if (expect.output) {
    if (!actuals.output) missing('output');
    else {
      const comparison = compareWithTolerance(actuals.output, expect.output.data, tolerance);
      if (!comparison.ok) failures.push(`output: ${comparison.detail}`);
    }
  }
  if (expect.shared_weights) {
    if (!actuals.shared_weights) missing('shared_weights');
    else {
      const comparison = compareWithTolerance(actuals.shared_weights, expect.shared_weights.data, tolerance);
      if (!comparison.ok) failures.push(`shared_weights: ${comparison.detail}`);
    }
  }
  if (failures.length > 0) return { id: fixture.id, backend, status: 'fail', detail: failures.join('; ') };
  if (skips.length > 0) {
    return {
      id: fixture.id,
      backend,
      status: 'skip',
      detail: `${skips.join('; ')} (every other expectation passed)`,
    };
  }
  return { id: fixture.id, backend, status: 'pass', detail: '' };
}

/**
 * Runs every fixture on a backend. An `UnsupportedError` from the evaluator makes the case a listed
 * skip; any other error is a failure with its message. A fixture in the pending table (`pending`, by
 * default {@link PENDING_FIXTURES}) for this backend is still run: if it does not pass it becomes a skip
 * with the listed reason; if it passes it stays a pass and keeps `pending` set, so a test can demand that
 * the stale entry be removed.
 */
export async function runConformance(
  fixtures: readonly Fixture[],
  backend: KernelBackendV1,
  evaluate: ConformanceEvaluator,
  options: { pending?: readonly PendingFixture[] } = {},
): Promise<ConformanceResult[]> {
  const results: ConformanceResult[] = [];
  for (const fixture of fixtures) {
    const result = await checkOne(fixture, backend, evaluate);
    const pending = pendingFixtureReason(fixture.id, backend.name, options.pending);
    if (pending === undefined) results.push(result);
    else if (result.status === 'pass') results.push({ ...result, pending });
    else
      results.push({ ...result, status: 'skip', detail: `pending: ${pending} (${result.detail})`, pending });
  }
  return results;
}

async function checkOne(
  fixture: Fixture,
  backend: KernelBackendV1,
  evaluate: ConformanceEvaluator,
): Promise<ConformanceResult> {
  try {
    return checkFixture(fixture, await evaluate(fixture, backend), backend.name);
  } catch (error) {
    if (AnykError.isInstance(error) && error instanceof UnsupportedError) {
      return { id: fixture.id, backend: backend.name, status: 'skip', detail: error.message };
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { id: fixture.id, backend: backend.name, status: 'fail', detail: `threw ${message}` };
  }
}

/** `N passed, M failed, K skipped`. */
export function summariseConformance(results: readonly ConformanceResult[]): string {
  const count = (status: ConformanceResult['status']): number =>
    results.filter((result) => result.status === status).length;
  return `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`;
}
