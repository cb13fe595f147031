import { InvalidArgumentError } from '@anyk/core';
import { type BenchRow, errorRow } from './bench-report.ts';
import { type MeasureOptions, measureSamples } from './measure-samples.ts';
import { summariseSamples } from './summarise-samples.ts';

/** A prepared measurement: inputs built, weights loaded, ready to time. */
export interface PreparedCase {
  /** The timed body: one complete call, including whatever read-back makes the result usable. */
  run?(): unknown;
  /**
   * One complete call that times itself where it runs and returns its milliseconds (a call in a browser page,
   * timed with the page's clock so the round trip to the page stays out of the sample); used instead of
   * timing `run` from here.
   */
  runTimed?(): Promise<number>;
  /**
   * Timings taken by the implementation's own measuring function (e.g. `measureGemm` of kernels-node, which
   * times its kernel without the backend's call overhead); used instead of timing `run`.
   */
  readonly premeasured?: PremeasuredTiming | undefined;
  /** Work per call, for rates at the median: floating-point operations and tokens processed. */
  readonly work?: { readonly flops?: number | undefined; readonly tokens?: number | undefined } | undefined;
  /** Counters that do not depend on the timing (`meanExperts`, `dispatchesPerLayer`, ...). */
  readonly metrics?: Readonly<Record<string, number | null>> | undefined;
  /** Releases sessions, workers and buffers; runs even when timing fails. */
  dispose?(): unknown;
}

/** Timings an implementation measured itself; spread may be unknown (medians only). */
export interface PremeasuredTiming {
  readonly medianMs: number;
  readonly minMs: number | null;
  readonly maxMs: number | null;
  readonly runs: number;
}

/** One row to measure: its identity plus an untimed setup. */
export interface BenchCase {
  readonly id: string;
  readonly group: string;
  readonly implementation: string;
  readonly shape: BenchRow['shape'];
  readonly threads: number | null;
  /** Builds the inputs (untimed). Throwing here (a peer that cannot load) turns the row into an error row. */
  setup(): Promise<PreparedCase>;
  /** Overrides the suite's measure options (slow implementations on big shapes). */
  readonly measure?: Partial<MeasureOptions> | undefined;
}

/** A row's identity: everything but its measurements. */
export function benchRowIdentity(benchCase: BenchCase) {
  return {
    id: benchCase.id,
    group: benchCase.group,
    implementation: benchCase.implementation,
    shape: benchCase.shape,
    threads: benchCase.threads,
  };
}

/** The function that gives one timing sample of a prepared case, in milliseconds. */
export function sampleOf(prepared: PreparedCase): (() => Promise<number>) | undefined {
  const { run, runTimed } = prepared;
  if (runTimed !== undefined) return () => runTimed.call(prepared);
  if (run === undefined) return undefined;
  return async () => {
    const start = performance.now();
    await run.call(prepared);
    return performance.now() - start;
  };
}

/** The row of a measured case: its timings, the rates at the median, and its counters. */
export function measuredRow(
  benchCase: BenchCase,
  prepared: PreparedCase,
  summary: PremeasuredTiming,
): BenchRow {
  const seconds = summary.medianMs / 1000;
  const metrics: Record<string, number | null> = {};
  if (prepared.work?.flops !== undefined) metrics.gflops = prepared.work.flops / seconds / 1e9;
  if (prepared.work?.tokens !== undefined) metrics.tokensPerSecond = prepared.work.tokens / seconds;
  Object.assign(metrics, prepared.metrics);
  return {
    ...benchRowIdentity(benchCase),
    medianMs: summary.medianMs,
    minMs: summary.minMs,
    maxMs: summary.maxMs,
    runs: summary.runs,
    metrics,
  };
}

/** Releases a prepared case; a failing dispose must not hide the measurement (the process exit reclaims it). */
export async function disposeQuietly(prepared: PreparedCase | undefined): Promise<void> {
  try {
    await prepared?.dispose?.();
  } catch {
    // Nothing to report: the row is already measured or already an error.
  }
}

/**
 * Sets up, warms up and times one case, and turns whatever goes wrong into an error row: a benchmark
 * never fails the run it is part of.
 */
export async function runBenchCase(benchCase: BenchCase, options: MeasureOptions): Promise<BenchRow> {
  let prepared: PreparedCase | undefined;
  try {
    prepared = await benchCase.setup();
    const sample = sampleOf(prepared);
    let summary: PremeasuredTiming;
    if (prepared.premeasured !== undefined) summary = prepared.premeasured;
    else if (sample !== undefined) {
      summary = summariseSamples(await measureSamples(sample, { ...options, ...benchCase.measure }));
    } else throw missingRun(prepared);
    return measuredRow(benchCase, prepared, summary);
  } catch (error) {
    return errorRow(benchRowIdentity(benchCase), error);
  } finally {
    await disposeQuietly(prepared);
  }
}

/** The typed error of a prepared case that can neither run nor report premeasured timings. */
export function missingRun(prepared: PreparedCase): InvalidArgumentError {
  return new InvalidArgumentError(
    'setup()',
    'a prepared case with run(), runTimed() or premeasured timings',
    prepared,
  );
}
