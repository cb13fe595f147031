import { type BenchCase, runBenchCase } from './bench-case.ts';
import type { BenchReport, BenchRow } from './bench-report.ts';
import type { BenchSuite, SuiteContext } from './bench-suite.ts';
import { describeMachine } from './machine-info.ts';
import type { MeasureOptions } from './measure-samples.ts';
import { type Progress, silentProgress } from './progress-bar.ts';

/** Measure options of full runs and of `--quick` runs. */
export const defaultMeasureOptions: { readonly full: MeasureOptions; readonly quick: MeasureOptions } = {
  full: { warmup: 2, repeats: 9, maxTimeMs: 4000, minRepeats: 3 },
  quick: { warmup: 1, repeats: 3, maxTimeMs: 500, minRepeats: 1 },
};

export interface RunSuiteOptions {
  readonly quick?: boolean | undefined;
  readonly progress?: Progress | undefined;
  readonly measure?: Partial<MeasureOptions> | undefined;
  readonly backends?: readonly string[] | undefined;
}

/** Runs one suite and wraps its rows with the machine and the time: the object `--json` writes. */
export async function runSuite(suite: BenchSuite, options: RunSuiteOptions = {}): Promise<BenchReport> {
  const quick = options.quick ?? false;
  const context: SuiteContext = {
    quick,
    measure: { ...(quick ? defaultMeasureOptions.quick : defaultMeasureOptions.full), ...options.measure },
    progress: options.progress ?? silentProgress,
    backends: options.backends,
  };
  const startedAt = new Date().toISOString();
  const result = await suite.run(context);
  context.progress.done();
  return {
    suite: suite.name,
    startedAt,
    quick,
    machine: describeMachine(result.adapter),
    rows: result.rows,
    ratios: result.ratios,
    notes: result.notes,
  };
}

/** Runs cases one after the other (never concurrently: they would share the cores), ticking progress. */
export async function runBenchCases(
  cases: readonly BenchCase[],
  context: SuiteContext,
  label: string,
): Promise<BenchRow[]> {
  context.progress.start(cases.length, label);
  const rows: BenchRow[] = [];
  for (const benchCase of cases) {
    rows.push(await runBenchCase(benchCase, context.measure));
    context.progress.tick(benchCase.id);
  }
  return rows;
}
