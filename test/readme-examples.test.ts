import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../scripts/fixtures.mjs';

/**
 * Every ```ts block of every README in the repository (root, packages, and any README added later, e.g.
 * under examples/) and of the docs site's guide pages (`apps/docs/site/guide/`, the one home of the user
 * reference text) must type-check against the workspace packages as a user would import them: each block is
 * written as its own module into `.readme-examples/`, where `node_modules/@anyk/*` link to the packages
 * (resolved through their `exports` with the `@anyk/source` condition), and compiled with the repository's
 * strict settings. A failure names the README and the line of the block.
 */
interface Example {
  readonly readme: string;
  readonly line: number;
  readonly code: string;
}

const workDirectory = join(repoRoot, '.readme-examples');
/** The docs site's guide pages (relative to the repository root): their examples are checked like READMEs'. */
const guidePages = join('apps', 'docs', 'site', 'guide');
const skipped = new Set(['node_modules', 'dist', 'fixtures', '.tools', '.git', '.readme-examples', '.turbo']);

function findReadmes(directory: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (skipped.has(entry.name)) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...findReadmes(path));
    else if (
      entry.name === 'README.md' ||
      (entry.name.endsWith('.md') && relative(repoRoot, directory) === guidePages)
    )
      found.push(path);
  }
  return found.sort();
}

/** The ```ts / ```typescript blocks of one markdown file, with the line their code starts on. */
function extractExamples(readme: string): Example[] {
  const lines = readFileSync(readme, 'utf8').split('\n');
  const examples: Example[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[index]?.trim() ?? '')) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== '```') end++;
    examples.push({
      readme: relative(repoRoot, readme),
      line: start + 1,
      code: lines.slice(start, end).join('\n'),
    });
    index = end;
  }
  return examples;
}

/** Links every workspace package as `node_modules/@anyk/<name>`, and the packages' own dependencies. */
function linkWorkspace(): void {
  const modules = join(workDirectory, 'node_modules');
  mkdirSync(join(modules, '@anyk'), { recursive: true });
  const packagesDirectory = join(repoRoot, 'packages');
  for (const entry of readdirSync(packagesDirectory, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const root = join(packagesDirectory, entry.name);
    let manifest: { name?: string };
    try {
      manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (manifest.name?.startsWith('@anyk/')) symlinkSync(root, join(modules, manifest.name), 'dir');
    linkDependencies(join(root, 'node_modules'), modules);
  }
}

/** Links third-party packages a README may import directly (`webgpu`, `gpu.js`, ...), first one wins. */
function linkDependencies(from: string, to: string): void {
  let entries: string[];
  try {
    entries = readdirSync(from);
  } catch {
    return;
  }
  for (const name of entries) {
    if (name.startsWith('.') || name === '@anyk') continue;
    if (name.startsWith('@')) {
      mkdirSync(join(to, name), { recursive: true });
      linkDependencies(join(from, name), join(to, name));
      continue;
    }
    try {
      symlinkSync(join(from, name), join(to, name), 'dir');
    } catch {
      // Already linked from another package: the first one is kept.
    }
  }
}

function compilerOptions(): ts.CompilerOptions {
  const base = ts.readConfigFile(join(repoRoot, 'tsconfig.base.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(base.config, ts.sys, repoRoot);
  return {
    ...parsed.options,
    noEmit: true,
    composite: false,
    declaration: false,
    incremental: false,
    // A snippet may show a value without using it.
    noUnusedLocals: false,
    noUnusedParameters: false,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    typeRoots: [join(repoRoot, 'node_modules', '@types')],
  };
}

const examples = findReadmes(repoRoot).flatMap(extractExamples);

describe('README examples', () => {
  it('finds the examples of the root and package READMEs and of the guide pages', () => {
    expect(examples.some((example) => example.readme === 'README.md')).toBe(true);
    expect(new Set(examples.map((example) => example.readme)).size).toBeGreaterThanOrEqual(5);
    expect(examples.some((example) => example.readme === join(guidePages, 'getting-started.md'))).toBe(true);
  });

  it('every ```ts block type-checks against the workspace', () => {
    rmSync(workDirectory, { recursive: true, force: true });
    mkdirSync(workDirectory, { recursive: true });
    try {
      writeFileSync(join(workDirectory, 'package.json'), '{ "type": "module", "private": true }\n');
      linkWorkspace();
      const files = new Map<string, Example>();
      examples.forEach((example, index) => {
        const file = join(workDirectory, `example-${index}.ts`);
        // `export {}` keeps every block its own module (top-level await, no shared globals).
        writeFileSync(file, `${example.code}\nexport {};\n`);
        files.set(file, example);
      });
      const program = ts.createProgram([...files.keys()], compilerOptions());
      const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
        const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
        const file = diagnostic.file?.fileName;
        const example = file ? files.get(file) : undefined;
        if (!diagnostic.file || diagnostic.start === undefined || !example)
          return `${file ?? 'options'}: ${message}`;
        const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
        return `${example.readme}:${example.line + line}: ${message}`;
      });
      expect(problems).toEqual([]);
    } finally {
      rmSync(workDirectory, { recursive: true, force: true });
    }
  });
});
