import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadFixtures, runConformance, summariseConformance } from '@anyk/core/testing';
import { createBackend } from '../backends/create-backend.ts';
import { evaluateFixture } from '../conformance/evaluate-fixture.ts';
import { defineCommand } from './define-command.ts';

/**
 * `anyk conformance <fixtures-dir> [--backend name] [--family a,b] [--json out.json]`: one line per failing
 * case, then `N passed, M failed, K skipped`; exit code 1 on any failure.
 */
export const conformanceCommand = defineCommand(
  {
    name: 'conformance',
    summary: 'run the fixtures through one backend; one line per failing case, exit code 1 on any failure',
    positional: { name: 'fixtures-dir', description: 'the fixtures directory (default: ../shared/fixtures)' },
    options: {
      backend: {
        type: 'string',
        valueName: 'reference|node|gpujs|webgpu',
        default: 'reference',
        description: 'the backend under test',
      },
      family: { type: 'string', valueName: 'a,b', description: 'only these router families (default: all)' },
      json: { type: 'string', valueName: 'file', description: 'write every result as JSON' },
      verbose: { type: 'boolean', description: 'print each skipped case and its reason' },
    },
  },
  async ({ values, positionals }) => {
    const directory = resolve(positionals[0] ?? '../shared/fixtures');
    const backendName = values.backend;
    const families = values.family?.split(',');
    const fixtures = await loadFixtures(directory, families ? { families } : {});
    const backend = await createBackend(backendName);
    try {
      const results = await runConformance(fixtures, backend, evaluateFixture);
      for (const result of results) {
        if (result.status === 'fail') console.log(`FAIL ${result.id} [${result.backend}]: ${result.detail}`);
        else if (values.verbose && result.status === 'skip')
          console.log(`SKIP ${result.id}: ${result.detail}`);
      }
      const skipped = results.filter((result) => result.status === 'skip');
      if (skipped.length > 0 && !values.verbose) {
        const reasons = new Map<string, number>();
        for (const result of skipped) {
          for (const part of result.detail.split('; ')) {
            const reason = part.replace(/^[^:]*: /, '').replace(/ \(every other expectation passed\)$/, '');
            reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
          }
        }
        for (const [reason, count] of reasons) console.log(`skip reason (${count}x): ${reason}`);
      }
      if (values.json !== undefined) {
        await writeFile(values.json, `${JSON.stringify({ results }, null, 2)}\n`);
      }
      console.log(summariseConformance(results));
      return results.some((result) => result.status === 'fail') ? 1 : 0;
    } finally {
      await backend.dispose();
    }
  },
);
