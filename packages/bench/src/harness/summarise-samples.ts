import { InvalidArgumentError } from '@anyk/core';
import { mean } from '@anyk/core/diagnostics';

/** Median, min, max and mean of timing samples, the numbers every benchmark row reports. */
export interface SampleSummary {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly meanMs: number;
  readonly runs: number;
}

/**
 * Summarises timing samples. The median (mean of the two middle values for an even count) is the headline
 * number because a shared 2-core machine produces one-sided outliers (a neighbour's burst only ever makes a
 * run slower); min and max show the spread.
 */
export function summariseSamples(samples: readonly number[]): SampleSummary {
  if (samples.length === 0) throw new InvalidArgumentError('samples', 'at least one timing sample', samples);
  for (const sample of samples) {
    if (!Number.isFinite(sample) || sample < 0) {
      throw new InvalidArgumentError('samples', 'finite, non-negative times in milliseconds', sample);
    }
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return {
    medianMs,
    minMs: sorted[0]!,
    maxMs: sorted[sorted.length - 1]!,
    meanMs: mean(sorted),
    runs: sorted.length,
  };
}
