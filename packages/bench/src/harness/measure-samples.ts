import { requireInteger } from '@anyk/core/internal';

/** How many times a measured body runs. */
export interface MeasureOptions {
  /** Untimed runs first: JIT tiers, weight packing, shader compilation and caches settle here. */
  readonly warmup: number;
  /** Timed runs wanted. */
  readonly repeats: number;
  /**
   * Time budget of the timed runs: once it is spent (and `minRepeats` runs are in) measuring stops, so a
   * slow backend on a big shape costs seconds rather than minutes.
   */
  readonly maxTimeMs: number;
  /** Timed runs made whatever the budget says (default 1). */
  readonly minRepeats?: number | undefined;
}

/**
 * Calls `sample` `warmup` times untimed, then up to `repeats` times within the time budget; returns the
 * milliseconds each timed call reported (`sampleOf` of a prepared case times it here, or in the page it
 * runs in). `clock` measures the budget.
 */
export async function measureSamples(
  sample: () => Promise<number>,
  options: MeasureOptions,
  clock: () => number = () => performance.now(),
): Promise<number[]> {
  requireMeasureOptions(options, 'measureSamples');
  const minRepeats = Math.min(options.minRepeats ?? 1, options.repeats);
  for (let run = 0; run < options.warmup; run++) await sample();
  const samples: number[] = [];
  const started = clock();
  while (samples.length < options.repeats) {
    samples.push(await sample());
    if (samples.length >= minRepeats && clock() - started >= options.maxTimeMs) break;
  }
  return samples;
}

/** Checks the counts of measure options (a typed error naming the field). */
export function requireMeasureOptions(options: MeasureOptions, where: string): void {
  requireInteger('warmup', options.warmup, { min: 0, max: 1_000_000 }, where);
  requireInteger('repeats', options.repeats, { min: 1, max: 1_000_000 }, where);
}
