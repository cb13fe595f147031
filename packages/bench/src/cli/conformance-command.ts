import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadFixtures, runConformance, summariseConformance } from '@anyk/core/testing';
import { createBackend } from '../backends/create-backend.ts';
import { evaluateFixture } from '../conformance/evaluate-fixture.ts';
import { checkOptions, parseArgs } from './parse-args.ts';

/**
 * `anyk conformance <fixtures-dir> [--backend name] [--family a,b] [--json out.json]`: one line per failing
 * case, then `N passed, M failed, K skipped`; exit code 1 on any failure.
 */
export async function conformanceCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv, ['verbose']);
  checkOptions(parsed, ['backend', 'family', 'json', 'verbose'], 'conformance');
  const directory = resolve(parsed.positional[0] ?? '../shared/fixtures');
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
        for (const part of result.detail.split('; ')) {
          const reason = part.replace(/^[^:]*: /, '').replace(/ \(every other expectation passed\)$/, '');
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
      }
      for (const [reason, count] of reasons) console.log(`skip reason (${count}x): ${reason}`);
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
