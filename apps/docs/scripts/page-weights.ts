/**
 * Prints each built page's weight as a Markdown table: the HTML plus every script and stylesheet it
 * references (entry module, modulepreloads, CSS), each gzipped; the checkpoint and images are not counted.
 * Chunks a page imports later at run time (the playground's WebGPU backend) are measured by the site test
 * instead (`test-output/playground-js-*.json`). Run after `pnpm --filter docs build`:
 * `node scripts/page-weights.ts` from apps/docs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const distRoot = fileURLToPath(new URL('../site/.vitepress/dist/', import.meta.url));

function htmlFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

const gzippedSize = (path: string): number => gzipSync(readFileSync(path)).length;

/** The gzipped bytes of a page and the assets its HTML references. */
function pageWeight(htmlPath: string): { scripts: number; total: number } {
  const html = readFileSync(htmlPath, 'utf8');
  const assets = new Set<string>();
  for (const match of html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g))
    assets.add(match[1] as string);
  let scripts = 0;
  let total = gzippedSize(htmlPath);
  for (const asset of assets) {
    const size = gzippedSize(join(distRoot, asset));
    total += size;
    if (asset.endsWith('.js')) scripts += size;
  }
  return { scripts, total };
}

const kB = (bytes: number): string => (bytes / 1000).toFixed(1);
const rows = htmlFiles(distRoot)
  .map((path) => ({ page: `/${relative(distRoot, path)}`, ...pageWeight(path) }))
  .sort((a, b) => a.page.localeCompare(b.page));
const api = rows.filter((row) => row.page.startsWith('/api/'));
console.log('| page | JS (kB gz) | total (kB gz) |');
console.log('| --- | --- | --- |');
for (const row of rows.filter((entry) => !entry.page.startsWith('/api/')))
  console.log(`| \`${row.page}\` | ${kB(row.scripts)} | ${kB(row.total)} |`);
if (api.length > 0) {
  const totals = api.map((row) => row.total);
  console.log(
    `| \`/api/**\` (${api.length} pages) | ${kB(Math.min(...api.map((row) => row.scripts)))}-${kB(Math.max(...api.map((row) => row.scripts)))} | ${kB(Math.min(...totals))}-${kB(Math.max(...totals))} |`,
  );
}
