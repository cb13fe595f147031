import type { BenchRow } from './bench-report.ts';
import type { AdapterInfo } from './machine-info.ts';
import type { MeasureOptions } from './measure-samples.ts';
import type { Progress } from './progress-bar.ts';

/** What the runner hands a suite. */
export interface SuiteContext {
  /** Small shapes and few repeats: a smoke test whose numbers mean little. */
  readonly quick: boolean;
  readonly measure: MeasureOptions;
  readonly progress: Progress;
  /** Backends a suite that loops over backends may use (`--backend a,b`); undefined = every available one. */
  readonly backends?: readonly string[] | undefined;
}

/** What a suite returns; the runner adds the suite name, the machine and the time. */
export interface SuiteResult {
  readonly rows: readonly BenchRow[];
  readonly ratios: Readonly<Record<string, number | null>>;
  readonly notes: readonly string[];
  /** The GPU adapter the suite measured, when there was one. */
  readonly adapter?: AdapterInfo | undefined;
}

/** A named benchmark suite. */
export interface BenchSuite {
  readonly name: string;
  /** One line for `anyk bench --help` and the report head. */
  readonly description: string;
  run(context: SuiteContext): Promise<SuiteResult>;
}
