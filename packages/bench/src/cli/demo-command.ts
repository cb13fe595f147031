import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { assertInteger, InvalidArgumentError, type KernelBackendV1 } from '@anyk/core';
import { createBackend, resolveBackend } from '../backends/create-backend.ts';
import { type DemoFamily, demoFamilies } from '../demo/demo-model.ts';
import { runDemo } from '../demo/run-demo.ts';
import { describeMachine } from '../harness/machine-info.ts';
import { createProgressBar, type Progress } from '../harness/progress-bar.ts';
import { renderDemoReport } from '../report/demo-report-html.ts';
import { checkOptions, parseArgs } from './parse-args.ts';

/** Formats rows as an aligned text table. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** `anyk-report-2026-11-22T10-57-31` in the working directory (git-ignored by `/anyk-report-*\/`). */
export function defaultReportDirectory(now: Date = new Date()): string {
  return resolve(`anyk-report-${now.toISOString().slice(0, 19).replace(/:/g, '-')}`);
}

/**
 * `anyk demo [--backend name] [--family a,b] [--tokens n] [--layers n] [--out dir]`: routes a seeded batch
 * through a small stack of MoE layers with every router family, prints experts per token, zero-computation
 * share, speed and the output's deviation from top-2, and writes a self-contained HTML report (histograms,
 * token x layer heatmaps of k, time vs mean k) plus the numbers as JSON into `--out`.
 */
export async function demoCommand(
  argv: readonly string[],
  io: { progress?: Progress; log?: (text: string) => void } = {},
): Promise<number> {
  const log = io.log ?? ((text: string) => console.log(text));
  const parsed = parseArgs(argv);
  checkOptions(parsed, ['backend', 'family', 'tokens', 'layers', 'out'], 'demo');
  const families =
    typeof parsed.options.family === 'string' ? parsed.options.family.split(',') : [...demoFamilies];
  for (const family of families) {
    if (!(demoFamilies as readonly string[]).includes(family)) {
      throw new InvalidArgumentError(
        '--family',
        `a comma-separated list of ${demoFamilies.join(', ')}`,
        family,
        'anyk demo',
      );
    }
  }
  const layers = typeof parsed.options.layers === 'string' ? Number(parsed.options.layers) : 4;
  assertInteger('--layers', layers, 1, 32, 'anyk demo');
  let backend: KernelBackendV1;
  if (typeof parsed.options.backend === 'string') backend = await createBackend(parsed.options.backend);
  else {
    const resolved = await resolveBackend(['node', 'reference']);
    for (const failure of resolved.failures) log(`(backend ${failure.name} unavailable: ${failure.reason})`);
    backend = resolved.backend;
  }
  try {
    const tokens =
      typeof parsed.options.tokens === 'string'
        ? Number(parsed.options.tokens)
        : backend.name === 'reference'
          ? 256
          : 1024;
    assertInteger('--tokens', tokens, 1, 1 << 20, 'anyk demo');
    const shape = { tokens, d: 128, f: 256, experts: 8, seed: 7 };
    log(
      `anyk demo — backend ${backend.name}, ${shape.tokens} seeded tokens (difficulty varies: easy tokens sit on one expert's direction, hard ones are noise), d=${shape.d}, f=${shape.f}, E=${shape.experts} SwiGLU experts, ${layers} layers per family\n`,
    );
    const result = await runDemo(backend, {
      families: families as DemoFamily[],
      shape,
      layers,
      progress: io.progress ?? createProgressBar(),
    });
    log(
      formatTable(
        [
          'family',
          'mean k',
          'min',
          'max',
          'mean k (stack)',
          'zero-expert share',
          'tokens/s',
          'time vs top-2',
          'deviation from top-2',
        ],
        result.rows.map((row) => [
          row.family,
          row.meanExperts.toFixed(2),
          String(row.minExperts),
          String(row.maxExperts),
          row.stackMeanExperts.toFixed(2),
          `${(row.zeroShare * 100).toFixed(1)}%`,
          row.tokensPerSecond.toFixed(0),
          `${row.timeVsTop2.toFixed(2)}x`,
          row.deviationFromTop2.toFixed(3),
        ]),
      ),
    );
    const directory =
      typeof parsed.options.out === 'string' ? resolve(parsed.options.out) : defaultReportDirectory();
    await mkdir(directory, { recursive: true });
    const createdAt = new Date().toISOString();
    const machine = describeMachine();
    await writeFile(
      join(directory, 'index.html'),
      renderDemoReport({
        backend: backend.name,
        shape,
        machine,
        createdAt,
        rows: result.rows,
        runs: result.runs,
        difficulty: result.difficulty,
      }),
    );
    await writeFile(
      join(directory, 'demo.json'),
      `${JSON.stringify(
        {
          backend: backend.name,
          shape,
          layers,
          machine,
          createdAt,
          rows: result.rows,
          expertsPerToken: Object.fromEntries(
            result.runs.map((run) => [
              run.family,
              run.layers.map((layer) => Array.from(layer.expertsPerToken)),
            ]),
          ),
        },
        null,
        2,
      )}\n`,
    );
    log(`\nreport: ${join(directory, 'index.html')}`);
    return 0;
  } finally {
    await backend.dispose();
  }
}
