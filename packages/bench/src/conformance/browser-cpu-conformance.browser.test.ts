// In the browser lanes `@anyk/core/testing` resolves to its fixture checker only (vitest.config.ts): the
// rest of that entry reads files with node:fs.
import { runConformance } from '@anyk/core/testing';
import { createBrowserCpuBackend } from '@anyk/kernels-node/browser';
import { expect, inject, it } from 'vitest';
import { evaluateFixture } from './evaluate-fixture.ts';

/**
 * The conformance suite on the browser CPU backend in headless Chromium: every fixture of every family
 * (the same set and rules as the Node lane in `conformance.test.ts`: fixtures pass, or are listed in
 * `PENDING_FIXTURES`), once per lane: `browser-cpu` (plain page: one worker) and `browser-cpu-isolated`
 * (COOP/COEP: two kernel workers over shared memory). The fixtures are read in Node (`provide-fixtures.ts`).
 */
it('passes every fixture in this page mode, with no unlisted skip', { timeout: 120_000 }, async () => {
  const isolated = inject('crossOriginIsolated');
  const fixtures = inject('fixtures');
  expect(globalThis.crossOriginIsolated).toBe(isolated);
  const families = new Set(fixtures.map((fixture) => fixture.family));
  expect(families.size).toBeGreaterThanOrEqual(13);
  const backend = await createBrowserCpuBackend({ threads: isolated ? 2 : 1 });
  try {
    expect(backend.threads).toBe(isolated ? 2 : 1);
    const results = await runConformance(fixtures, backend, evaluateFixture);
    expect(results).toHaveLength(fixtures.length);
    expect(
      results.filter((result) => result.status === 'fail').map((result) => `${result.id}: ${result.detail}`),
    ).toEqual([]);
    const stale = results.filter((result) => result.status === 'pass' && result.pending !== undefined);
    expect(stale.map((result) => `${result.id} passes: remove it from PENDING_FIXTURES`)).toEqual([]);
    const unexplained = results.filter((result) => result.status === 'skip' && result.pending === undefined);
    expect(unexplained.map((skip) => `${skip.id}: ${skip.detail}`)).toEqual([]);
  } finally {
    await backend.dispose();
  }
});
