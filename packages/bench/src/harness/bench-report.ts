import { InvalidArgumentError } from '@anyk/core';
import type { MachineInfo } from './machine-info.ts';

/** A value in a row's shape: sizes (`T`, `d`, `E`), or a label such as a router family. */
export type ShapeValue = number | string;

/**
 * One measurement of a suite. Rows are flat so the JSON reads well in a diff and a spreadsheet; a
 * measurement that could not run (a peer package that does not load, a backend not built yet) is still a
 * row, with `error` set and the numbers `null`: benchmarks report, they never fail a run.
 */
export interface BenchRow {
  /** Unique within the suite; ratios name rows by it. */
  readonly id: string;
  /** What is being compared within one chart panel, e.g. `gemm 512x1024x2816`. */
  readonly group: string;
  /** Who computes: `onnxruntime-node`, `tfjs-wasm`, `anyk node`, ... */
  readonly implementation: string;
  readonly shape: Readonly<Record<string, ShapeValue>>;
  /** Compute threads the implementation was given (`null` where the notion does not apply). */
  readonly threads: number | null;
  readonly medianMs: number | null;
  readonly minMs: number | null;
  readonly maxMs: number | null;
  /** Timed runs behind the statistics (0 for an error row). */
  readonly runs: number;
  /** Derived rates at the median (`gflops`, `tokensPerSecond`) and counters (`meanExperts`, ...). */
  readonly metrics: Readonly<Record<string, number | null>>;
  /** Why the row has no numbers. */
  readonly error?: string;
}

/** What `anyk bench --json` writes. */
export interface BenchReport {
  readonly suite: string;
  /** ISO time the suite started. */
  readonly startedAt: string;
  /** Whether the suite ran its small `--quick` shapes (numbers are then only a smoke test). */
  readonly quick: boolean;
  readonly machine: MachineInfo;
  readonly rows: readonly BenchRow[];
  /**
   * Ratios measured side by side in this run, `null` when a side is missing. Their
   * definitions are in `notes` and in the README.
   */
  readonly ratios: Readonly<Record<string, number | null>>;
  /** Definitions and caveats a reader needs (what a time includes, how a parameter was chosen). */
  readonly notes: readonly string[];
}

/** `numerator.metric / denominator.metric` from two rows, or `null` when either is missing or errored. */
export function ratioOfRows(
  rows: readonly BenchRow[],
  numerator: { id: string; metric: string },
  denominator: { id: string; metric: string },
): number | null {
  const top = rows.find((row) => row.id === numerator.id)?.metrics[numerator.metric];
  const bottom = rows.find((row) => row.id === denominator.id)?.metrics[denominator.metric];
  if (top === undefined || top === null || bottom === undefined || bottom === null || bottom === 0)
    return null;
  return top / bottom;
}

/**
 * `ratio(numerator, denominator, metric)`: `ratioOfRows` with the rows named by their case's index in
 * `cases` (a suite's ratios name its cases by position in the list it measured).
 */
export function ratioByIndex(
  cases: readonly { readonly id: string }[],
  rows: readonly BenchRow[],
): (numerator: number, denominator: number, metric: string) => number | null {
  const id = (index: number): string => {
    const benchCase = cases[index];
    if (benchCase === undefined) {
      throw new InvalidArgumentError('case index', `an index below ${cases.length}`, index);
    }
    return benchCase.id;
  };
  return (numerator, denominator, metric) =>
    ratioOfRows(rows, { id: id(numerator), metric }, { id: id(denominator), metric });
}

/** A row with no numbers, for something that could not be measured. */
export function errorRow(
  fields: Pick<BenchRow, 'id' | 'group' | 'implementation' | 'shape' | 'threads'>,
  error: unknown,
): BenchRow {
  return {
    ...fields,
    medianMs: null,
    minMs: null,
    maxMs: null,
    runs: 0,
    metrics: {},
    error: describeError(error),
  };
}

/** The message of an error as a row shows it (typed anyk errors carry a complete sentence already). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
