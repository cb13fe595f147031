import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createReferenceBackend } from '@anyk/core';
import { findFixtures, loadFixtures, pendingFixtureReason, runConformance } from '@anyk/core/testing';
import { topP } from '@anyk/routers/top-p';
import { describe, expect, it } from 'vitest';

/**
 * The "built" lane: the same public entry points resolved through the packages' `exports` without the
 * `@anyk/source` condition, i.e. the compiled `dist/` that users install. `scripts/test.sh` builds first.
 */
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

describe('built output', () => {
  it('resolves to dist, not src', () => {
    expect(import.meta.resolve('@anyk/core')).toMatch(/\/dist\/index\.js$/);
    expect(import.meta.resolve('@anyk/routers/top-p')).toMatch(/\/dist\/top-p\/index\.js$/);
  });

  it('routes with the built reference backend', async () => {
    const backend = await createReferenceBackend();
    const routing = await backend.route(topP({ numExperts: 3, p: 0.4 }).spec(), {
      tokens: 1,
      logits: [Math.log(0.5), Math.log(0.3), Math.log(0.2)],
    });
    expect(Array.from(routing.slotExpert.subarray(0, routing.kCount[0]))).toEqual([0]);
    await backend.dispose();
  });

  it('the built CLI passes the reference conformance suite', async () => {
    const fixtures = findFixtures(import.meta.url) as string;
    expect(existsSync(`${packageRoot}/dist/cli.js`)).toBe(true);
    const { stdout } = await promisify(execFile)(process.execPath, [
      `${packageRoot}/dist/cli.js`,
      'conformance',
      fixtures,
      '--backend',
      'reference',
    ]);
    const loaded = await loadFixtures(fixtures);
    const pending = loaded.filter((fixture) => pendingFixtureReason(fixture.id, 'reference') !== undefined);
    expect(stdout.trim().split('\n').at(-1)).toBe(
      `${loaded.length - pending.length} passed, 0 failed, ${pending.length} skipped`,
    );
    expect(typeof runConformance).toBe('function');
  });
});
