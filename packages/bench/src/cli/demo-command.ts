import { InvalidArgumentError } from '@anyk/core';
import { resolveBackend, createBackend } from '../backends/create-backend.ts';
import {
  type DemoFamily,
  type DemoRow,
  demoFamilies,
  demoTokens,
  runDemoFamily,
} from '../demo/demo-model.ts';
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

/**
 * `anyk demo [--backend name] [--family a,b] [--tokens n]`: routes a seeded batch through a small MoE layer
 * with every router family and prints experts per token, zero-computation share, speed and the output's
 * deviation from top-2.
 */
export async function demoCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  checkOptions(parsed, ['backend', 'family', 'tokens', 'out'], 'demo');
  const families =
    typeof parsed.options.family === 'string' ? parsed.options.family.split(',') : [...demoFamilies];
  for (const family of families) {
    if (!(demoFamilies as readonly string[]).includes(family)) {
      throw new InvalidArgumentError(
        '--family',
        `a comma-separated list of ${demoFamilies.join(', ')}`,
        family,
      );
    }
  }
  const resolved =
    typeof parsed.options.backend === 'string'
      ? { backend: await createBackend(parsed.options.backend), failures: [] }
      : await resolveBackend(['node', 'reference']);
  const backend = resolved.backend;
  for (const failure of resolved.failures)
    console.log(`(backend ${failure.name} unavailable: ${failure.reason})`);
  const tokensOption =
    typeof parsed.options.tokens === 'string'
      ? Number(parsed.options.tokens)
      : backend.name === 'reference'
        ? 256
        : 1024;
  const shape = { tokens: tokensOption, d: 128, f: 256, experts: 8, seed: 7 };
  console.log(
    `anyk demo — backend ${backend.name}, ${shape.tokens} seeded tokens (difficulty varies: easy tokens sit on one expert's direction, hard ones are noise), d=${shape.d}, f=${shape.f}, E=${shape.experts} SwiGLU experts\n`,
  );
  try {
    const tokens = demoTokens(shape);
    const repeats = backend.name === 'reference' ? 1 : 5;
    const reference = await runDemoFamily(backend, 'top-k', shape, tokens, repeats);
    const rows: DemoRow[] = [];
    for (const family of families as DemoFamily[]) {
      const run =
        family === 'top-k' ? reference : await runDemoFamily(backend, family, shape, tokens, repeats);
      let sum = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = 0;
      for (const count of run.expertsPerToken) {
        sum += count;
        min = Math.min(min, count);
        max = Math.max(max, count);
      }
      let difference = 0;
      let norm = 0;
      for (let index = 0; index < run.y.length; index++) {
        difference += ((run.y[index] as number) - (reference.y[index] as number)) ** 2;
        norm += (reference.y[index] as number) ** 2;
      }
      rows.push({
        family,
        meanExperts: sum / shape.tokens,
        minExperts: min,
        maxExperts: max,
        zeroShare: run.slots === 0 ? 0 : run.zeroSlots / run.slots,
        tokensPerSecond: shape.tokens / (run.medianMs / 1000),
        timeVsTop2: run.medianMs / reference.medianMs,
        deviationFromTop2: Math.sqrt(difference / Math.max(norm, 1e-30)),
        expertsPerToken: run.expertsPerToken,
        medianMs: run.medianMs,
      });
    }
    console.log(
      formatTable(
        [
          'family',
          'mean k',
          'min',
          'max',
          'zero-expert share',
          'tokens/s',
          'time vs top-2',
          'deviation from top-2',
        ],
        rows.map((row) => [
          row.family,
          row.meanExperts.toFixed(2),
          String(row.minExperts),
          String(row.maxExperts),
          `${(row.zeroShare * 100).toFixed(1)}%`,
          row.tokensPerSecond.toFixed(0),
          `${row.timeVsTop2.toFixed(2)}x`,
          row.deviationFromTop2.toFixed(3),
        ]),
      ),
    );
    return 0;
  } finally {
    await backend.dispose();
  }
}
