// After `tsc`, points the worker scripts' `new URL('./x.ts', import.meta.url)` at the built `./x.js`.
// tsc rewrites the `.ts` of relative imports but not of URL strings; the sources keep `.ts` so Vite (dev,
// vitest browser mode) serves the source worker, and the literal form stays the one bundlers recognise.
// Run from the package folder; rewrites every dist/**/*.js that holds such a URL.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const pattern = /new URL\((['"])(\.{1,2}\/[^'"]+)\.ts\1, import\.meta\.url\)/g;
let rewritten = 0;
for (const entry of readdirSync('dist', { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
  const path = join(entry.parentPath, entry.name);
  const text = readFileSync(path, 'utf8');
  const next = text.replace(
    pattern,
    (_, quote, stem) => `new URL(${quote}${stem}.js${quote}, import.meta.url)`,
  );
  if (next !== text) {
    writeFileSync(path, next);
    rewritten++;
  }
}
console.log(`rewrite-worker-urls: ${rewritten} file(s) point their workers at .js`);
