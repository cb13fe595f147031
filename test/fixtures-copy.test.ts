import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  diffHashes,
  findUpstreamFixtures,
  fixturesCopy,
  hashTree,
  readManifest,
} from '../scripts/fixtures.mjs';

/**
 * The in-repo `fixtures/` is an exact copy of the team's `shared/fixtures` (refreshed only by
 * `node scripts/refresh-fixtures.mjs`). Where that folder exists (beside the checkout or an ancestor, or
 * `ANYK_FIXTURES`), every file is compared with it; everywhere, every file is compared with the committed
 * manifest `fixtures.sha256`, so a truncated or edited copy fails in a fresh clone too. Every difference
 * names the file.
 */
const upstream = findUpstreamFixtures();
const copy = hashTree(fixturesCopy);

describe('the in-repo fixture copy', () => {
  it('matches its committed manifest file by file', () => {
    expect(copy.size).toBeGreaterThan(100);
    expect(diffHashes(readManifest(), copy)).toEqual([]);
  });

  it(
    upstream
      ? `is identical to ${upstream} file by file`
      : 'is compared with the manifest only: no shared/fixtures beside the repository and no ANYK_FIXTURES',
    () => {
      if (!upstream) return;
      expect(diffHashes(hashTree(upstream), copy)).toEqual([]);
    },
  );

  it('names a truncated, an edited, a missing and an extra file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'anyk-fixtures-'));
    try {
      const files = ['README.md', 'SCHEMA.json', 'top-k/worked-t1-raw.json', 'top-p/single-token.json'];
      for (const file of files) cpSync(join(fixturesCopy, file), join(folder, file));
      const schema = readFileSync(join(folder, 'SCHEMA.json'));
      writeFileSync(join(folder, 'SCHEMA.json'), schema.subarray(0, schema.length - 1));
      writeFileSync(
        join(folder, 'README.md'),
        readFileSync(join(folder, 'README.md'), 'utf8').replace('a', 'b'),
      );
      rmSync(join(folder, 'top-p/single-token.json'));
      writeFileSync(join(folder, 'top-p/new-case.json'), '{}');
      const expected = new Map(files.map((file) => [file, copy.get(file) as string]));
      expect(diffHashes(expected, hashTree(folder))).toEqual([
        'differs: README.md',
        'differs: SCHEMA.json',
        'missing: top-p/single-token.json',
        'extra: top-p/new-case.json',
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
