import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the team's `shared/fixtures` folder by walking up from `start` (a file URL or path) and looking for
 * `shared/fixtures` beside each ancestor (the repo's checkout sits beside `shared/`). Returns undefined if
 * none is found; `ANYK_FIXTURES` overrides.
 */
export function findSharedFixtures(start: string = import.meta.url): string | undefined {
  if (process.env.ANYK_FIXTURES) return resolve(process.env.ANYK_FIXTURES);
  let directory = start.startsWith('file:') ? dirname(fileURLToPath(start)) : resolve(start);
  for (;;) {
    const candidate = join(directory, 'shared', 'fixtures');
    if (existsSync(join(candidate, 'README.md'))) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}
