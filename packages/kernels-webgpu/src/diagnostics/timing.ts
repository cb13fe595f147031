import type { WebGpuBackend, WebGpuBackendOptions } from '../backend/create-webgpu-backend.ts';
import type { BufferPool } from '../gpu/buffer-pool.ts';
import { CommandRecorder, type KernelTiming } from '../gpu/command-recorder.ts';
import type { KernelCache } from '../gpu/kernel-cache.ts';

/** How the diagnostics time and where they run (shared by `measureWebGpuLayer` and `measureDenseGemm`). */
export interface DiagnosticsTimingOptions extends WebGpuBackendOptions {
  /** Timed runs of each side (default 10), alternating, after `warmup` untimed rounds (default 2). */
  readonly iterations?: number | undefined;
  readonly warmup?: number | undefined;
  /** Warm-up also lasts at least this long (default 500 ms), so an idle GPU reaches its clocks first. */
  readonly warmupMs?: number | undefined;
  /** Seed of the random operands. */
  readonly seed?: number | undefined;
  /** Reuse a backend (its device); otherwise one is created from the options and disposed. */
  readonly backend?: WebGpuBackend | undefined;
}

/** `options`' timing with its defaults filled in. */
export function timingSettings(options: DiagnosticsTimingOptions): {
  iterations: number;
  warmup: number;
  warmupMs: number;
} {
  return {
    iterations: options.iterations ?? 10,
    warmup: options.warmup ?? 2,
    warmupMs: options.warmupMs ?? 500,
  };
}

/** A recording to time: it encodes one unit of work (a layer, dense GEMMs) into a fresh recorder. */
export type Recording = (recorder: CommandRecorder) => void;

/** The device, pool and pipelines the diagnostics record on (their own, beside the backend's). */
export interface TimingContext {
  readonly device: GPUDevice;
  readonly pool: BufferPool;
  readonly kernels: KernelCache;
}

/** One timed run of a recording, ms. */
export interface RecordingSample {
  /** From the start of recording to queue completion (host recording, submission and GPU work). */
  readonly wallMs: number;
  /** Of which recording alone (building the commands on the host, before the submit). */
  readonly recordMs: number;
}

/** Wall time of one recording, submit to queue completion (no read-back), and its host recording time. */
export async function sampleRecording(context: TimingContext, record: Recording): Promise<RecordingSample> {
  const recorder = new CommandRecorder(context.device, context.pool, context.kernels);
  const start = performance.now();
  record(recorder);
  const recorded = performance.now();
  await recorder.submitAndWait();
  const elapsed = performance.now() - start;
  recorder.release();
  return { wallMs: elapsed, recordMs: recorded - start };
}

/**
 * Medians of each recording's wall time and host recording time (same order as `recordings`), the
 * recordings alternating run by run so all see the same clocks, after a warm-up of at least `warmup` rounds
 * and `warmupMs` (a GPU that idled runs its first few hundred milliseconds of work several times slower:
 * measured on an H100, 30-50 ms layers settling to 7-13 ms).
 */
export async function alternatingMedians(
  context: TimingContext,
  recordings: readonly Recording[],
  options: { iterations: number; warmup: number; warmupMs: number },
): Promise<RecordingSample[]> {
  const warmupStart = performance.now();
  for (let round = 0; round < options.warmup || performance.now() - warmupStart < options.warmupMs; round++) {
    for (const record of recordings) await sampleRecording(context, record);
  }
  const samples = recordings.map((): RecordingSample[] => []);
  for (let run = 0; run < options.iterations; run++) {
    for (const [index, record] of recordings.entries())
      samples[index]?.push(await sampleRecording(context, record));
  }
  return samples.map((runs) => ({
    wallMs: median(runs.map((run) => run.wallMs)),
    recordMs: median(runs.map((run) => run.recordMs)),
  }));
}

/** Median GPU time of each dispatch of `record` over `iterations` profiled runs (`timestamp-query`). */
export async function profileRecording(
  context: TimingContext,
  record: Recording,
  iterations: number,
): Promise<{ kernel: string; medianMs: number }[]> {
  const runs: KernelTiming[][] = [];
  for (let run = 0; run < iterations; run++) {
    const recorder = new CommandRecorder(context.device, context.pool, context.kernels);
    recorder.profile();
    record(recorder);
    runs.push(await recorder.submitAndTime());
    recorder.release();
  }
  return (runs[0] ?? []).map(({ kernel }, index) => ({
    kernel,
    medianMs: median(runs.map((timings) => timings[index]?.ms ?? Number.NaN)),
  }));
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** `vendor architecture device description` of the device's adapter, or `'unknown'`. */
export function adapterLabel(device: GPUDevice): string {
  const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  return info ? `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.trim() : 'unknown';
}
