/**
 * `pnpm --filter docs build`: generates the API reference from the TSDoc of every public entry point
 * (TypeDoc + typedoc-plugin-markdown, into `site/api/`), copies the shipped checkpoint into
 * `site/public/checkpoints/` (a static asset of the playground), then runs `vitepress build site`.
 * Everything it writes is git-ignored: nothing generated is ever hand-kept.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, ReflectionKind } from 'typedoc';
import { type PublicEntryPoint, publicEntryPoints } from './public-entry-points.ts';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = join(appRoot, '..', '..');
const siteRoot = join(appRoot, 'site');

/** The module name shown in the reference: the import specifier without the `@anyk/` scope. */
function moduleName(entry: PublicEntryPoint): string {
  return entry.specifier.replace(/^@anyk\//, '');
}

/** The module name TypeDoc derives from an entry point's path: its folder, relative to `packages/`. */
function typeDocName(entry: PublicEntryPoint): string {
  const path = relative(join(repositoryRoot, 'packages'), entry.source).replaceAll('\\', '/');
  return path.replace(/\/index\.ts$/, '').replace(/\.ts$/, '');
}

async function generateApiReference(): Promise<void> {
  const entries = publicEntryPoints(repositoryRoot);
  const output = join(siteRoot, 'api');
  rmSync(output, { recursive: true, force: true });
  const app = await Application.bootstrapWithPlugins({
    entryPoints: entries.map((entry) => entry.source),
    tsconfig: join(appRoot, 'tsconfig.typedoc.json'),
    plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme'],
    out: output,
    readme: 'none',
    name: 'API reference',
    excludePrivate: true,
    excludeInternal: true,
    skipErrorChecking: true,
    disableSources: true,
    hidePageHeader: true,
    entryFileName: 'index',
    docsRoot: siteRoot,
    sidebar: { pretty: true },
    logLevel: 'Warn',
  } as Parameters<typeof Application.bootstrapWithPlugins>[0]);
  const project = await app.convert();
  if (!project) throw new Error('TypeDoc could not convert the public entry points');
  // TypeDoc names an entry point's module after its folder (`routers/src/top-p`); show the import
  // specifier instead (`routers/top-p`, i.e. `@anyk/routers/top-p`). Every entry point must be found.
  const expected = new Map(entries.map((entry) => [typeDocName(entry), moduleName(entry)]));
  const renamed = new Set<string>();
  for (const child of project.children ?? []) {
    const name = expected.get(child.name);
    if (!child.kindOf(ReflectionKind.Module) || name === undefined) continue;
    child.name = name;
    renamed.add(name);
  }
  const missing = [...expected.values()].filter((name) => !renamed.has(name));
  if (missing.length > 0) throw new Error(`TypeDoc produced no module for: ${missing.join(', ')}`);
  await app.generateOutputs(project);
  console.log(`API reference: ${entries.length} entry points -> ${relative(repositoryRoot, output)}`);
}

function copyCheckpoint(): void {
  const target = join(siteRoot, 'public', 'checkpoints');
  mkdirSync(target, { recursive: true });
  for (const file of ['top-p-kjv.safetensors', 'top-p-kjv.json'])
    copyFileSync(join(repositoryRoot, 'packages', 'train', 'checkpoints', file), join(target, file));
}

await generateApiReference();
copyCheckpoint();
const vitepress = spawnSync('vitepress', ['build', 'site'], { cwd: appRoot, stdio: 'inherit', shell: false });
process.exit(vitepress.status ?? 1);
