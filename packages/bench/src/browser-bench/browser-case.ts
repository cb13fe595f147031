import { UnsupportedError } from '@anyk/core';
import type { BenchCase, PreparedCase } from '../harness/bench-case.ts';
import type { BenchRow } from '../harness/bench-report.ts';
import { moeLayerFlops } from '../peers/moe-bench-weights.ts';
import type { BrowserBenchSession } from './browser-bench-session.ts';
import type { BrowserCaseSpec } from './browser-case-spec.ts';
import { maxRelativeDifference } from './reference-outputs.ts';

/** One row of `--suite browser-cpu`: its identity, what the page measures, and how to check the output. */
export interface BrowserCaseOptions {
  readonly id: string;
  readonly group: string;
  readonly implementation: string;
  readonly shape: BenchRow['shape'];
  readonly spec: BrowserCaseSpec;
  /** Chromium and the page server, opened by the suite before its first row. */
  readonly session: BrowserBenchSession;
  /**
   * The float64 reference output: when given, the page sends its first output back and the row reports
   * `maxRelativeDifference` from it (small `--quick` shapes only; full shapes would ship megabytes).
   */
  readonly expected?: (() => Promise<ArrayLike<number>>) | undefined;
}

/**
 * A bench case prepared in its own Chromium page, which the harness calls in turns with the other cases'
 * pages; each call is timed by the page's clock, so the round trip to the page stays out of the samples. A
 * row whose implementation runs on fewer threads than it claims fails with the implementation's reason
 * rather than being mislabelled.
 */
export function browserCase(options: BrowserCaseOptions): BenchCase {
  const { spec } = options;
  return {
    id: options.id,
    group: options.group,
    implementation: options.implementation,
    shape: options.shape,
    threads: spec.threads,
    async setup(): Promise<PreparedCase> {
      const handle = await options.session.openCase({ spec, returnOutput: options.expected !== undefined });
      try {
        const { info } = handle;
        if (info.threads !== spec.threads) {
          throw new UnsupportedError(
            `${options.implementation} on ${spec.threads} threads`,
            `it runs on ${info.threads} (${info.threadFallback ?? `crossOriginIsolated = ${info.crossOriginIsolated}`})`,
          );
        }
        const metrics: Record<string, number | null> = {};
        if (info.meanExperts !== undefined) metrics.meanExperts = info.meanExperts;
        if (options.expected && info.output) {
          metrics.maxRelativeDifference = maxRelativeDifference(info.output, await options.expected());
        }
        return {
          runTimed: () => handle.runOnce(),
          work: workOf(spec, info.meanExperts),
          metrics,
          dispose: () => handle.close(),
        };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },
  };
}

/** Useful FLOPs (and tokens) of one call: `2 m k n`, or the router plus `6 d f` per used expert. */
function workOf(spec: BrowserCaseSpec, meanExperts: number | undefined) {
  if (spec.kind === 'gemm') return { flops: 2 * spec.m * spec.k * spec.n };
  return { flops: moeLayerFlops(spec.tokens, meanExperts ?? spec.k, spec), tokens: spec.tokens };
}
