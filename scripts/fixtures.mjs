// The repo's copy of the public conformance vectors: `fixtures/` is an exact, file-by-file copy of the
// team's `shared/fixtures`, and `fixtures.sha256` (in `sha256sum` format) records the hash of every file
// so that a clone with nothing beside it can still detect a truncated or edited copy.
// Used by `scripts/refresh-fixtures.mjs` (writes the copy) and `test/fixtures-copy.test.ts` (checks it).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `<root>/scripts`). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The in-repo copy. */
export const fixturesCopy = join(repoRoot, 'fixtures');
/** The manifest of the copy: `<sha256>  fixtures/<path>` per file, sorted by path. */
export const fixturesManifest = join(repoRoot, 'fixtures.sha256');

/**
 * The upstream folder the copy is made from: `ANYK_FIXTURES` when set (and not the copy itself), else the
 * first `shared/fixtures` found beside the repository root or one of its ancestors. Undefined when there is
 * none (a fresh clone elsewhere): then only the manifest can be checked.
 */
export function findUpstreamFixtures(start = repoRoot) {
  const override = process.env.ANYK_FIXTURES;
  if (override) {
    const path = resolve(override);
    return path === fixturesCopy ? undefined : path;
  }
  let directory = resolve(start);
  for (;;) {
    const candidate = join(directory, 'shared', 'fixtures');
    if (existsSync(join(candidate, 'README.md')) && candidate !== fixturesCopy) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** Every regular file under `root`, as sorted `/`-separated relative paths (dot files included). */
export function listFiles(root) {
  const files = [];
  const walk = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return files.sort();
}

/** Hex SHA-256 of a file's bytes. */
export function hashFile(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** `relative path -> sha256` of every file under `root`. */
export function hashTree(root) {
  return new Map(listFiles(root).map((file) => [file, hashFile(join(root, file))]));
}

/** The manifest's text for a hash table (paths relative to the repo root, like `sha256sum -c` wants). */
export function formatManifest(hashes) {
  return [...hashes].map(([file, hash]) => `${hash}  fixtures/${file}\n`).join('');
}

/** Reads `fixtures.sha256` into `relative path (under fixtures/) -> sha256`; a malformed line throws. */
export function readManifest(path = fixturesManifest) {
  const hashes = new Map();
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  for (const [index, line] of lines.entries()) {
    const match = /^([0-9a-f]{64}) {2}fixtures\/(.+)$/.exec(line);
    if (!match) throw new Error(`${path}:${index + 1}: not "<sha256>  fixtures/<path>"`);
    hashes.set(match[2], match[1]);
  }
  return hashes;
}

/**
 * Differences between an expected table and an actual one, one line per file, naming it:
 * `missing`, `extra` or `differs`. Empty when identical.
 */
export function diffHashes(expected, actual) {
  const problems = [];
  for (const [file, hash] of expected) {
    if (!actual.has(file)) problems.push(`missing: ${file}`);
    else if (actual.get(file) !== hash) problems.push(`differs: ${file}`);
  }
  for (const file of actual.keys()) if (!expected.has(file)) problems.push(`extra: ${file}`);
  return problems;
}
