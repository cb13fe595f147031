import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the conformance vectors: `ANYK_FIXTURES` when set, else the repository's own copy `fixtures/`
 * (an exact copy of the public vectors, see `scripts/refresh-fixtures.mjs`), found by walking up from
 * `start` (a file URL or path) to the folder that holds both `fixtures/README.md` and the copy's manifest
 * `fixtures.sha256` (the manifest makes the match specific: an unrelated `fixtures/` folder is not taken).
 * Returns undefined when neither exists (e.g. the package installed from npm, which ships no vectors).
 */
export function findFixtures(start: string = import.meta.url): string | undefined {
  if (process.env.ANYK_FIXTURES) return resolve(process.env.ANYK_FIXTURES);
  let directory = start.startsWith('file:') ? dirname(fileURLToPath(start)) : resolve(start);
  for (;;) {
    const candidate = join(directory, 'fixtures');
    if (existsSync(join(candidate, 'README.md')) && existsSync(join(directory, 'fixtures.sha256')))
      return candidate;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * @deprecated The vectors now live in the repository; use {@link findFixtures} (same lookup, same
 * `ANYK_FIXTURES` override). Kept so code written against the old name keeps working.
 */
export const findSharedFixtures: (start?: string) => string | undefined = findFixtures;
