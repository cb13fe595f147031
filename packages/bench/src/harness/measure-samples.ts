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

/** Runs `body` `warmup` times untimed, then up to `repeats` timed runs; returns milliseconds per run. */
export async function measureSamples(
  body: () => unknown,
  options: MeasureOptions,
  clock: () => number = () => performance.now(),
): Promise<number[]> {
  requireInteger('warmup', options.warmup, { min: 0, max: 1_000_000 }, 'measureSamples');
  requireInteger('repeats', options.repeats, { min: 1, max: 1_000_000 }, 'measureSamples');
  const minRepeats = Math.min(options.minRepeats ?? 1, options.repeats);
  for (let run = 0; run < options.warmup; run++) await body();
  const samples: number[] = [];
  const started = clock();
  while (samples.length < options.repeats) {
    const start = clock();
    await body();
    const end = clock();
    samples.push(end - start);
    if (samples.length >= minRepeats && end - started >= options.maxTimeMs) break;
  }
  return samples;
}
