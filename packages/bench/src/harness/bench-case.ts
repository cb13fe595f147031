import { InvalidArgumentError } from '@anyk/core';
import { type BenchRow, errorRow } from './bench-report.ts';
import { type MeasureOptions, measureSamples } from './measure-samples.ts';
import { summariseSamples } from './summarise-samples.ts';

/** A prepared measurement: inputs built, weights loaded, ready to time. */
export interface PreparedCase {
  /** The timed body: one complete call, including whatever read-back makes the result usable. */
  run?(): unknown;
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

/**
 * Sets up, warms up and times one case, and turns whatever goes wrong into an error row: a benchmark
 * never fails the run it is part of.
 */
export async function runBenchCase(benchCase: BenchCase, options: MeasureOptions): Promise<BenchRow> {
  const identity = {
    id: benchCase.id,
    group: benchCase.group,
    implementation: benchCase.implementation,
    shape: benchCase.shape,
    threads: benchCase.threads,
  };
  let prepared: PreparedCase | undefined;
  try {
    prepared = await benchCase.setup();
    const body = prepared;
    let summary: PremeasuredTiming;
    if (body.premeasured !== undefined) summary = body.premeasured;
    else if (body.run !== undefined) {
      summary = summariseSamples(
        await measureSamples(() => body.run?.(), { ...options, ...benchCase.measure }),
      );
    } else
      throw new InvalidArgumentError('setup()', 'a prepared case with run() or premeasured timings', body);
    const seconds = summary.medianMs / 1000;
    const metrics: Record<string, number | null> = {};
    if (prepared.work?.flops !== undefined) metrics.gflops = prepared.work.flops / seconds / 1e9;
    if (prepared.work?.tokens !== undefined) metrics.tokensPerSecond = prepared.work.tokens / seconds;
    Object.assign(metrics, prepared.metrics);
    return {
      ...identity,
      medianMs: summary.medianMs,
      minMs: summary.minMs,
      maxMs: summary.maxMs,
      runs: summary.runs,
      metrics,
    };
  } catch (error) {
    return errorRow(identity, error);
  } finally {
    try {
      await prepared?.dispose?.();
    } catch {
      // A failing dispose must not hide the measurement; the process exit reclaims the rest.
    }
  }
}
