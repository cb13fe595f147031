import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The public surface of every package, read from the built `dist` through each `exports` entry, against the
 * committed `public-exports.json`. An export that appears or disappears fails this test, so the API changes
 * only on purpose: rerun with `ANYK_UPDATE_EXPORTS=1` to rewrite the snapshot, and add a changeset.
 * Names come from the entry's declarations (types and values); the runtime module of the same entry must
 * export exactly the value names among them.
 */
const snapshotFile = fileURLToPath(new URL('./public-exports.json', import.meta.url));
/** Every published package of the workspace (a new package is snapshotted without editing this test). */
const packagesRoot = fileURLToPath(new URL('../../', import.meta.url));
const packages = readdirSync(packagesRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => {
    try {
      return !JSON.parse(readFileSync(join(packagesRoot, name, 'package.json'), 'utf8')).private;
    } catch {
      return false;
    }
  })
  .sort();
const requireHere = createRequire(import.meta.url);

interface ExportEntry {
  readonly types: string;
  readonly runtime: string;
}

/** Each subpath of a package's `exports` (except `./package.json`) with its built `.d.ts` and `.js`. */
function entriesOf(name: string): Map<string, ExportEntry> {
  const manifestPath =
    name === 'bench'
      ? join(fileURLToPath(new URL('..', import.meta.url)), 'package.json')
      : requireHere.resolve(`@anyk/${name}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports: Record<string, string | { types: { default: string }; default: string }>;
  };
  const entries = new Map<string, ExportEntry>();
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target === 'string') continue;
    entries.set(subpath, {
      types: join(dirname(manifestPath), target.types.default),
      runtime: join(dirname(manifestPath), target.default),
    });
  }
  return entries;
}

/** Every exported name of the declaration files, values plain and type-only ones as `type Name`. */
function declaredExports(files: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const result = new Map<string, string[]>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`no declarations at ${file}`);
    const names = checker.getExportsOfModule(moduleSymbol).map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return target.flags & ts.SymbolFlags.Value ? symbol.name : `type ${symbol.name}`;
    });
    result.set(file, names.sort());
  }
  return result;
}

async function currentSurface(): Promise<Record<string, Record<string, string[]>>> {
  const all = new Map<string, Map<string, ExportEntry>>(packages.map((name) => [name, entriesOf(name)]));
  const declared = declaredExports(
    [...all.values()].flatMap((entries) => [...entries.values()].map((e) => e.types)),
  );
  const surface: Record<string, Record<string, string[]>> = {};
  for (const [name, entries] of all) {
    surface[`@anyk/${name}`] = {};
    for (const [subpath, entry] of entries) {
      const names = declared.get(entry.types) ?? [];
      const runtime = Object.keys(await import(pathToFileURL(entry.runtime).href)).sort();
      const values = names.filter((exported) => !exported.startsWith('type '));
      expect(runtime, `@anyk/${name} ${subpath}: runtime exports vs declared values`).toEqual(values);
      (surface[`@anyk/${name}`] as Record<string, string[]>)[subpath] = names;
    }
  }
  return surface;
}

describe('public exports of the built packages', () => {
  it('match the committed snapshot (rewrite with ANYK_UPDATE_EXPORTS=1 and add a changeset)', async () => {
    const surface = await currentSurface();
    if (process.env.ANYK_UPDATE_EXPORTS === '1') {
      writeFileSync(snapshotFile, `${JSON.stringify(surface, null, 2)}\n`);
    }
    const committed = JSON.parse(readFileSync(snapshotFile, 'utf8')) as unknown;
    expect(surface).toEqual(committed);
  });
});
