import { InvalidArgumentError } from '@anyk/core';
import { requireInteger } from '@anyk/core/internal';
import { createWebGpuBackend } from '../backend/create-webgpu-backend.ts';
import { BufferPool } from '../gpu/buffer-pool.ts';
import { CommandRecorder, itemGrid } from '../gpu/command-recorder.ts';
import { KernelCache } from '../gpu/kernel-cache.ts';
import { type GemmTiling, gemmTilings } from '../kernels/gemm-tiles.ts';
import { kernelSources } from '../layer/kernel-sources.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import {
  adapterLabel,
  alternatingMedians,
  type DiagnosticsTimingOptions,
  type Recording,
  timingSettings,
} from './timing.ts';

export interface MeasureDenseGemmOptions extends DiagnosticsTimingOptions {
  /** `C [M, N] = A [M, K] B^T`. */
  readonly M: number;
  readonly N: number;
  readonly K: number;
  /** The tilings to compare (default: every one of `gemmTilings`), timed alternating. */
  readonly tilings?: readonly GemmTiling[] | undefined;
}

/** One tiling of the dense GEMM sweep. */
export interface DenseGemmTiming {
  readonly tiling: string;
  /** Median wall time of one dispatch, submit to queue completion, ms. */
  readonly medianMs: number;
  /**
   * `2 M N K / medianMs`, GFLOP/s: divide by the device's fp32 peak for apps/docs/site/guide/kernels.md's "%
   * of peak".
   */
  readonly gflops: number;
}

/**
 * The dense WGSL GEMM (`dense-gemm.wgsl.ts`, the grouped GEMMs' tile loop) at one shape in every tiling,
 * timed side by side on one device: the "dense GEMM >= 40% of fp32 peak" measurement of the WebGPU aims,
 * and which tiling a shape wants. Wall times include submission; on SwiftShader they mean nothing.
 */
export async function measureDenseGemm(
  options: MeasureDenseGemmOptions,
): Promise<{ rows: DenseGemmTiming[]; adapter: string }> {
  const { M, N, K } = options;
  for (const [name, value] of Object.entries({ M, N, K })) {
    requireInteger(name, value, { min: 1 });
  }
  const tilings = options.tilings ?? Object.values(gemmTilings);
  if (tilings.length === 0) throw new InvalidArgumentError('tilings', 'at least one tiling', '[]');
  const random = seededRandom(options.seed ?? 1);
  const backend = options.backend ?? (await createWebGpuBackend(options));
  const device = backend.device;
  const pool = new BufferPool(device);
  const kernels = new KernelCache(device);
  const resident = new CommandRecorder(device, pool, kernels);
  try {
    const a = resident.upload(randomArray(random, M * K), 'f32');
    const b = resident.upload(randomArray(random, N * K), 'f32');
    const c = resident.storage(M * N);
    await resident.submitAndWait();
    const recordings: Recording[] = tilings.map((tiling) => (recorder) => {
      recorder.dispatch(
        kernelSources.denseGemm(N, K, tiling),
        { params: recorder.uniform({ tokens: M }), a, b, c },
        [Math.ceil(N / tiling.columns), itemGrid(M, tiling.rows)[0]],
      );
    });
    const medians = await alternatingMedians({ device, pool, kernels }, recordings, timingSettings(options));
    const rows = tilings.map((tiling, index) => {
      const medianMs = medians[index]?.wallMs as number;
      return { tiling: tiling.name, medianMs, gflops: (2 * M * N * K) / (medianMs * 1e6) };
    });
    return { rows, adapter: adapterLabel(device) };
  } finally {
    resident.release();
    pool.clear();
    if (!options.backend) await backend.dispose();
  }
}
