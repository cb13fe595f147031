/**
 * `@anyk/routers/<family>` must not pull in other families: a bundler that follows the subpath's imports
 * should reach only that family's folder, `shared/` and `@anyk/core`. This is checked statically over
 * the source (the import graph from each family's barrel) and against package.json's export map.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const sourceRoot = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(sourceRoot, '..');

/** The 12 families: subpath name -> folder under src (they coincide by convention) and factory name. */
const families = {
  'top-k': 'topK',
  'top-p': 'topP',
  dynmoe: 'dynMoE',
  remoe: 'reMoE',
  blockffn: 'blockFFN',
  'ada-k': 'adaK',
  adamoe: 'adaMoE',
  'moe-plus-plus': 'moePlusPlus',
  longcat: 'longCat',
  'deepseek-v3': 'deepSeekV3',
  'expert-choice': 'expertChoice',
  'uni-moe-2': 'uniMoE2',
} as const;

const isTestFile = (file: string): boolean => /\.test(-d)?\.ts$/.test(file);

/**
 * Every module specifier a source file imports or re-exports (static, side-effect and dynamic forms).
 * Comments are dropped first: a TSDoc `@example` importing another subpath is documentation, not an import.
 */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const specifiers: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns)
    for (const match of text.matchAll(pattern)) specifiers.push(match[1] as string);
  return specifiers;
}

/** Files reachable from `entry` through relative imports, plus every bare specifier met on the way. */
function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        expect(existsSync(target), `${relative(sourceRoot, file)} imports missing ${specifier}`).toBe(true);
        pending.push(target);
      } else {
        packages.add(specifier);
      }
    }
  }
  return { files, packages };
}

describe('subpath isolation', () => {
  it('package.json exports the root, package.json, ./diagnostics and exactly one subpath per family', () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      exports: Record<string, { '@anyk/source'?: string; default?: string } | string>;
      sideEffects?: boolean;
    };
    expect(manifest.sideEffects).toBe(false);
    const subpaths = Object.keys(manifest.exports).filter(
      (key) => key !== '.' && key !== './package.json' && key !== './diagnostics',
    );
    expect(subpaths.sort()).toEqual(
      Object.keys(families)
        .map((name) => `./${name}`)
        .sort(),
    );
    for (const name of Object.keys(families)) {
      const entry = manifest.exports[`./${name}`];
      expect(entry).toMatchObject({
        '@anyk/source': `./src/${name}/index.ts`,
        default: `./dist/${name}/index.js`,
        types: { '@anyk/source': `./src/${name}/index.ts`, default: `./dist/${name}/index.d.ts` },
      });
      expect(existsSync(join(sourceRoot, name, 'index.ts'))).toBe(true);
    }
  });

  it('every folder under src is a family, shared, or test support', () => {
    const folders = readdirSync(sourceRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.sort()).toEqual([...Object.keys(families), 'shared', '__tests__'].sort());
  });

  for (const [name, factory] of Object.entries(families)) {
    it(`@anyk/routers/${name} reaches only its own folder, shared/ and @anyk/core`, async () => {
      const { files, packages } = importGraph(join(sourceRoot, name, 'index.ts'));
      for (const file of files) {
        const path = relative(sourceRoot, file);
        expect(isTestFile(path), path).toBe(false);
        expect(path.startsWith(`${name}/`) || path.startsWith('shared/'), `${name} reaches ${path}`).toBe(
          true,
        );
      }
      // `@anyk/core` and its entries (the reference routing and validators come from `@anyk/core/internal`).
      for (const specifier of packages)
        expect(specifier, `${name} imports ${specifier}`).toMatch(/^@anyk\/core(\/|$)/);
      // Resolved through the export map (a self-reference), the subpath exposes its factory and nothing else.
      const specifier = `@anyk/routers/${name}`;
      const module = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
      expect(Object.keys(module)).toEqual([factory]);
    });
  }

  it('shared/ imports no family folder', () => {
    for (const file of readdirSync(join(sourceRoot, 'shared'))) {
      if (isTestFile(file)) continue;
      for (const specifier of importsOf(join(sourceRoot, 'shared', file))) {
        expect(
          specifier.startsWith('./') || /^@anyk\/core(\/|$)/.test(specifier),
          `shared/${file} imports ${specifier}`,
        ).toBe(true);
      }
    }
  });

  it('the import scanner sees multi-line, type-only and re-export forms (so the checks above can fail)', () => {
    const sample = importsOf(join(sourceRoot, 'index.ts'));
    expect(sample).toContain('./top-p/index.ts');
    expect(sample).toHaveLength(13);
    const topK = importsOf(join(sourceRoot, 'top-k', 'top-k.ts'));
    expect(topK).toEqual(['@anyk/core', '@anyk/core/internal', '../shared/router-family.ts']);
  });
});
