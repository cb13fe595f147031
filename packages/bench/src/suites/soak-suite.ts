import type { KernelBackendV1 } from '@anyk/core';
import { backendNames, createBackend } from '../backends/create-backend.ts';
import { type BenchRow, errorRow } from '../harness/bench-report.ts';
import type { BenchSuite, SuiteContext, SuiteResult } from '../harness/bench-suite.ts';
import { buildLayerCase, type LayerCase } from '../reliability/random-layer-case.ts';

/** Calls per backend: 10,000 forwards and 1,000 forward + backward pairs (`--quick`: a tenth). */
export const soakCalls = {
  full: { forwards: 10_000, pairs: 1000 },
  quick: { forwards: 1000, pairs: 100 },
} as const;

/** Small layers: WebGPU on SwiftShader is slow, and a soak measures growth, not speed. */
function soakLayer(backend: string): LayerCase {
  const small = backend === 'webgpu';
  return buildLayerCase({
    family: 'top-k',
    seed: 23,
    tokens: small ? 4 : 16,
    d: small ? 8 : 32,
    f: small ? 8 : 48,
    experts: small ? 4 : 8,
    expert: 'swiglu',
    magnitude: 1,
    ties: 'none',
    dtype: 'float32',
  });
}

interface MemorySample {
  readonly rss: number;
  readonly heap: number;
  readonly backendBytes: number;
  readonly backendPooled: number;
}

/**
 * Memory now; with `node --expose-gc` a full collection runs first, so the heap and RSS samples hold live
 * data only (without it, uncollected garbage shows as noise in the heap samples).
 */
function sampleMemory(backend: KernelBackendV1): MemorySample {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  const report = backend.memory();
  return {
    rss: usage.rss,
    heap: usage.heapUsed,
    backendBytes: report.bytesInUse,
    backendPooled: report.bytesPooled,
  };
}

/** Least-squares slope of `values` against their index (bytes per sample interval). */
function slopePerSample(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const count = values.length;
  const meanIndex = (count - 1) / 2;
  const meanValue = values.reduce((sum, value) => sum + value, 0) / count;
  let numerator = 0;
  let denominator = 0;
  values.forEach((value, index) => {
    numerator += (index - meanIndex) * (value - meanValue);
    denominator += (index - meanIndex) ** 2;
  });
  return numerator / denominator;
}

/** Largest absolute difference from the first output: 0 means every call was bit-identical. */
function drift(first: ArrayLike<number>, next: ArrayLike<number>): number {
  let largest = 0;
  for (let index = 0; index < first.length; index++)
    largest = Math.max(largest, Math.abs(next[index]! - first[index]!));
  return largest;
}

interface SoakResult {
  /** Memory after every `interval` calls. */
  readonly samples: MemorySample[];
  readonly interval: number;
  readonly maxDrift: number;
  readonly milliseconds: number;
}

/**
 * Runs `calls` calls of `body` on one backend, sampling memory ten times (every `calls / 10` calls; the
 * first sample is the warm-up, with caches and pools full) and comparing every output with the first.
 */
async function soak(
  backend: KernelBackendV1,
  calls: number,
  body: () => Promise<ArrayLike<number>>,
): Promise<SoakResult> {
  const first = await body();
  const interval = Math.max(1, Math.floor(calls / 10));
  const samples: MemorySample[] = [];
  let maxDrift = 0;
  const started = performance.now();
  for (let call = 1; call <= calls; call++) {
    maxDrift = Math.max(maxDrift, drift(first, await body()));
    if (call % interval === 0) samples.push(sampleMemory(backend));
  }
  return { samples, interval, maxDrift, milliseconds: performance.now() - started };
}

function soakRow(name: string, operation: string, calls: number, result: SoakResult): BenchRow {
  // Slope per sample interval, scaled to bytes per 1,000 calls.
  const growth = (pick: (sample: MemorySample) => number): number | null => {
    const slope = slopePerSample(result.samples.slice(1).map(pick));
    return slope === null ? null : Math.round((slope * 1000) / result.interval);
  };
  return {
    id: `soak/${operation}/${name}`,
    group: `soak ${operation}`,
    implementation: `anyk ${name}`,
    shape: { calls },
    threads: null,
    medianMs: result.milliseconds / calls,
    minMs: null,
    maxMs: null,
    runs: calls,
    metrics: {
      rssGrowthPer1000: growth((sample) => sample.rss),
      heapGrowthPer1000: growth((sample) => sample.heap),
      backendBytesGrowthPer1000: growth((sample) => sample.backendBytes),
      backendPooledGrowthPer1000: growth((sample) => sample.backendPooled),
      finalRssMiB: (result.samples.at(-1)?.rss ?? 0) / 2 ** 20,
      finalBackendBytes: result.samples.at(-1)?.backendBytes ?? null,
      maxDrift: result.maxDrift,
    },
  };
}

/**
 * `soak`: thousands of calls on one backend instance, reporting memory growth per 1,000 calls (RSS, V8
 * heap and the backend's `memory().bytesInUse`: least-squares slopes over ten samples, the first left
 * out) and output drift (largest difference from the first output of the same input; 0 = bit-identical).
 * The aim is 0 growth within noise and 0 drift.
 */
export const soakSuite: BenchSuite = {
  name: 'soak',
  description: '10,000 forwards and 1,000 forward+backward pairs per backend: memory growth and output drift',
  async run(context: SuiteContext): Promise<SuiteResult> {
    const counts = context.quick ? soakCalls.quick : soakCalls.full;
    const names = context.backends ?? [...backendNames].reverse();
    const rows: BenchRow[] = [];
    context.progress.start(names.length, `soak ${names[0] ?? ''}`);
    for (const name of names) {
      let backend: KernelBackendV1 | undefined;
      const identity = { group: 'soak', implementation: `anyk ${name}`, shape: {}, threads: null };
      try {
        backend = await createBackend(name);
        const active = backend;
        const { layer, input, gradOutput } = soakLayer(name);
        const forwards = await soak(
          active,
          counts.forwards,
          async () => (await active.forward(layer, input)).y,
        );
        rows.push(soakRow(name, 'forward', counts.forwards, forwards));
        if (active.capabilities.backward) {
          const pairs = await soak(active, counts.pairs, async () => {
            const forward = await active.forward(layer, input, { retainForBackward: true });
            return (await active.backward(layer, input, forward, gradOutput)).x;
          });
          rows.push(soakRow(name, 'forward+backward', counts.pairs, pairs));
        }
      } catch (error) {
        rows.push(errorRow({ ...identity, id: `soak/${name}` }, error));
      } finally {
        await backend?.dispose();
        context.progress.tick(`soak after ${name}`);
      }
    }
    context.progress.done();
    return {
      rows,
      ratios: {},
      notes: [
        'Growth per 1,000 calls (bytes) is the least-squares slope of ten memory samples, one every tenth of the calls, the first (warm-up) left out; run node with --expose-gc so each sample follows a full collection.',
        'maxDrift is the largest |difference| between any output and the first output of the same input: 0 means bit-identical.',
        'WebGPU runs small shapes (T=4, d=8, f=8, E=4); other backends T=16, d=32, f=48, E=8.',
      ],
    };
  },
};
