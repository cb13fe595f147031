import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const sourceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const coreRoot = resolve(sourceRoot, '../../core/src');
/** The workspace packages the browser entry may reach, at their `@anyk/source` entry files. */
const allowedPackages: Record<string, string> = {
  '@anyk/core': join(coreRoot, 'index.ts'),
  '@anyk/core/internal': join(coreRoot, 'internal.ts'),
};
/** `new URL('./x.ts', import.meta.url)`: how the worker scripts are reached (bundlers follow it too). */
const workerUrlPattern = /new URL\((['"])(\.{1,2}\/[^'"]+)\1, import\.meta\.url\)/g;

/**
 * The specifiers a module loads at run time: imports and re-exports except `import type` / `export type`
 * (erased), and dynamic `import()`s.
 */
function runtimeSpecifiers(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier) {
      specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined
    ) {
      const argument = node.arguments[0];
      specifiers.push(ts.isStringLiteralLike(argument) ? argument.text : `<computed import in ${file}>`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/**
 * Every module reachable from `start` through run-time imports, dynamic `import()`s and worker URLs,
 * following relative paths and the allowed workspace packages; returns the files and every other specifier
 * (with the file that imports it).
 */
function importGraph(start: string): { files: Set<string>; outside: string[] } {
  const files = new Set<string>();
  const outside: string[] = [];
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    const specifiers = runtimeSpecifiers(file, text);
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
    for (const match of code.matchAll(workerUrlPattern)) specifiers.push(match[2]!);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier));
      else if (allowedPackages[specifier] !== undefined) queue.push(allowedPackages[specifier]);
      else outside.push(`${specifier} (from ${file.slice(sourceRoot.length - 3)})`);
    }
  }
  return { files, outside };
}

describe('@anyk/kernels-node/browser imports nothing Node-only', () => {
  const { files, outside } = importGraph(join(sourceRoot, 'browser/index.ts'));

  test('every module it reaches (workers included) is relative or @anyk/core: no node:*, no other package', () => {
    expect(outside).toEqual([]);
  });

  test('the walk reaches the worker scripts, the shared runtime and the kernels (it is not vacuous)', () => {
    const reached = [...files].map((file) => file.replace(/\\/g, '/'));
    for (const expected of [
      'browser/browser-host-worker.ts',
      'browser/browser-kernel-worker.ts',
      'runtime/kernel-runtime.ts',
      'node-backend/layer-forward.ts',
      'node-backend/layer-backward.ts',
      'pool/worker-kernels.ts',
      'wasm/gemm-kernels.ts',
    ]) {
      expect(
        reached.some((file) => file.endsWith(expected)),
        expected,
      ).toBe(true);
    }
  });

  test('the walker does see node imports (the Node backend entry reaches node:worker_threads)', () => {
    const node = importGraph(join(sourceRoot, 'index.ts'));
    expect(node.outside.some((entry) => entry.startsWith('node:worker_threads'))).toBe(true);
  });
});
