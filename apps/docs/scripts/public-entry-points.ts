import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One public entry point of a workspace package: `@anyk/routers/top-p` and its source file. */
export interface PublicEntryPoint {
  /** The import specifier users write. */
  readonly specifier: string;
  /** The package folder name (`routers`). */
  readonly packageFolder: string;
  /** Absolute path of the TypeScript source the `@anyk/source` condition points to. */
  readonly source: string;
}

interface ExportTarget {
  readonly '@anyk/source'?: string;
}

/**
 * Every public entry point of every workspace package, read from the `exports` maps of
 * `packages/<name>/package.json` (the `@anyk/source` condition): the API reference covers exactly what
 * users can import, and a new package or subpath appears in it without touching the site.
 */
export function publicEntryPoints(repositoryRoot: string): PublicEntryPoint[] {
  const packagesDirectory = join(repositoryRoot, 'packages');
  const entryPoints: PublicEntryPoint[] = [];
  for (const packageFolder of readdirSync(packagesDirectory).sort()) {
    let manifest: { name: string; exports?: Record<string, ExportTarget | string> };
    try {
      manifest = JSON.parse(readFileSync(join(packagesDirectory, packageFolder, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const source = typeof target === 'object' ? target['@anyk/source'] : undefined;
      if (!source?.endsWith('.ts')) continue;
      entryPoints.push({
        specifier: subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`,
        packageFolder,
        source: join(packagesDirectory, packageFolder, source),
      });
    }
  }
  return entryPoints;
}
