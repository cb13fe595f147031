#!/usr/bin/env node
// Refreshes the in-repo copy of the conformance vectors from the team's shared/fixtures (or the folder
// given as the first argument / ANYK_FIXTURES): replaces `fixtures/` with a byte-identical copy and
// rewrites `fixtures.sha256`. Never edit `fixtures/` by hand; `test/fixtures-copy.test.ts` fails on any
// difference.  Usage: node scripts/refresh-fixtures.mjs [source-folder]
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  diffHashes,
  findUpstreamFixtures,
  fixturesCopy,
  fixturesManifest,
  formatManifest,
  hashTree,
} from './fixtures.mjs';

const source = process.argv[2] ? resolve(process.argv[2]) : findUpstreamFixtures();
if (!source) {
  console.error('no shared/fixtures found beside the repository; pass the folder to copy from');
  process.exit(1);
}
const sourceHashes = hashTree(source);
rmSync(fixturesCopy, { recursive: true, force: true });
cpSync(source, fixturesCopy, { recursive: true });
const copyHashes = hashTree(fixturesCopy);
const problems = diffHashes(sourceHashes, copyHashes);
if (problems.length > 0) {
  console.error(`the copy differs from ${source}:\n${problems.join('\n')}`);
  process.exit(1);
}
writeFileSync(fixturesManifest, formatManifest(copyHashes));
console.log(`copied ${copyHashes.size} files from ${source} to fixtures/ and wrote fixtures.sha256`);
