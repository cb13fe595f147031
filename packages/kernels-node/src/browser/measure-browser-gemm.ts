import { requireInteger } from '@anyk/core/internal';
import { InlinePool } from '../pool/inline-pool.ts';
import { KernelRuntime } from '../runtime/kernel-runtime.ts';
import {
  type GemmMeasurement,
  gemmMemoryBytes,
  type MeasureGemmOptions,
  measureOwnedGemm,
  type PreparedGemm,
  prepareOwnedGemm,
} from '../runtime/measure-runtime-gemm.ts';

/**
 * The browser CPU backend's dense f32 GEMM kernel timed in the calling thread (one thread, an inline pool on
 * a plain memory): the number `anyk bench --suite browser-cpu` sets beside onnxruntime-web's and tfjs-wasm's
 * MatMul, as `measureGemm` of `@anyk/kernels-node/diagnostics` does on Node. A measuring tool, not needed to
 * run a model; it blocks the thread it runs on for the whole measurement.
 *
 * @throws {InvalidArgumentError} (rejects) when `threads` is not 1
 */
export async function measureBrowserGemm(options: MeasureGemmOptions): Promise<GemmMeasurement> {
  return measureOwnedGemm(await createInlineGemmRuntime(options, 'measureBrowserGemm'), options);
}

/**
 * `measureBrowserGemm`'s GEMM, not timed: the caller times `run` (in turns with other implementations, as
 * `anyk bench --suite browser-cpu` does). Runs in the calling thread, like `measureBrowserGemm`.
 *
 * @throws {InvalidArgumentError} (rejects) when `threads` is not 1
 */
export async function prepareBrowserGemm(
  options: Pick<MeasureGemmOptions, 'M' | 'K' | 'N' | 'threads' | 'multiplyAdd'>,
): Promise<PreparedGemm> {
  return prepareOwnedGemm(await createInlineGemmRuntime(options, 'prepareBrowserGemm'), options);
}

/** A one-thread runtime on an inline pool and a plain memory, sized for one GEMM. */
function createInlineGemmRuntime(
  options: Pick<MeasureGemmOptions, 'M' | 'K' | 'N' | 'threads' | 'multiplyAdd'>,
  where: string,
): Promise<KernelRuntime> {
  requireInteger('threads', options.threads ?? 1, { min: 1, max: 1 }, where);
  return KernelRuntime.create({
    threads: 1,
    maxMemoryBytes: gemmMemoryBytes(options),
    multiplyAdd: options.multiplyAdd ?? 'auto',
    createPool: InlinePool.create,
    sharedMemory: false,
    backendName: 'browser-cpu',
  });
}
