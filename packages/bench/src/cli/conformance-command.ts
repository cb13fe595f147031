import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '@anyk/core';
import { findFixtures, loadFixtures, runConformance, summariseConformance } from '@anyk/core/testing';
import { createBackend } from '../backends/create-backend.ts';
import { evaluateFixture } from '../conformance/evaluate-fixture.ts';
import { checkOptions, parseArgs } from './parse-args.ts';

/**
 * `anyk conformance [fixtures-dir] [--backend name] [--family a,b] [--json out.json]`: one line per failing
 * case, then `N passed, M failed, K skipped`; exit code 1 on any failure. The folder defaults to the
 * repository's `fixtures/` (or `ANYK_FIXTURES`). Fixtures listed in `PENDING_FIXTURES` that do not pass are
 * skips with the listed reason.
 */
export async function conformanceCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv, ['verbose']);
  checkOptions(parsed, ['backend', 'family', 'json', 'verbose'], 'conformance');
  const directory = defaultDirectory(parsed.positional[0]);
  const backendName = (parsed.options.backend as string | undefined) ?? 'reference';
  const families = typeof parsed.options.family === 'string' ? parsed.options.family.split(',') : undefined;
  const fixtures = await loadFixtures(directory, families ? { families } : {});
  const backend = await createBackend(backendName);
  try {
    const results = await runConformance(fixtures, backend, evaluateFixture);
    for (const result of results) {
      if (result.status === 'fail') console.log(`FAIL ${result.id} [${result.backend}]: ${result.detail}`);
      else if (parsed.options.verbose && result.status === 'skip')
        console.log(`SKIP ${result.id}: ${result.detail}`);
    }
    const skipped = results.filter((result) => result.status === 'skip');
    if (skipped.length > 0 && !parsed.options.verbose) {
      const reasons = new Map<string, number>();
      for (const result of skipped) {
        if (result.pending !== undefined) {
          const reason = `pending: ${result.pending}`;
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
          continue;
        }
        for (const part of result.detail.split('; ')) {
          const reason = part.replace(/^[^:]*: /, '').replace(/ \(every other expectation passed\)$/, '');
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
      }
      for (const [reason, count] of reasons) console.log(`skip reason (${count}x): ${reason}`);
    }
    for (const result of results) {
      if (result.status === 'pass' && result.pending !== undefined)
        console.log(
          `NOTE ${result.id} passes but is listed as pending (${result.pending}): remove its entry`,
        );
    }
    if (typeof parsed.options.json === 'string') {
      await writeFile(parsed.options.json, `${JSON.stringify({ results }, null, 2)}\n`);
    }
    console.log(summariseConformance(results));
    return results.some((result) => result.status === 'fail') ? 1 : 0;
  } finally {
    await backend.dispose();
  }
}

/** The fixtures folder: the argument, else `ANYK_FIXTURES` or the repository's copy. */
function defaultDirectory(argument: string | undefined): string {
  if (argument !== undefined) return resolve(argument);
  const found = findFixtures(import.meta.url);
  if (found === undefined) {
    throw new InvalidArgumentError(
      'fixtures-dir',
      'a folder of anyk-fixture/1 files (no repository fixtures/ found and ANYK_FIXTURES unset)',
      argument,
    );
  }
  return found;
}
