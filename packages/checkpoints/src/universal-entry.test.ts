import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = dirname(fileURLToPath(import.meta.url));

/** The files the browser entry reaches: everything under src but the Node subpath, testing and tests. */
function universalFiles(directory = root): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory())
      return ['node', 'testing'].includes(entry.name) && directory === root ? [] : universalFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

it('the universal entry imports no Node built-ins and nothing from the Node subpath', () => {
  const files = universalFiles();
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    expect(source, relative(root, file)).not.toMatch(
      /from '(node:|fs|path|os|url)|from '\.\.?\/(\.\.\/)*node\//,
    );
    expect(source, relative(root, file)).not.toMatch(/\bBuffer\.|\bprocess\./);
  }
});
