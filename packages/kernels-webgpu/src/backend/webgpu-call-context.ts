import { type ExpertTensorV1, type MoeLayerWeightsV1, type RouterSpecV1, UnsupportedError } from '@anyk/core';
import { assertWithinMemoryCap, type LayerValidator } from '@anyk/core/internal';
import type { CommandRecorder } from '../gpu/command-recorder.ts';
import type { GemmTiling } from '../kernels/gemm-tiles.ts';
import type { LayerDeviceWeights } from '../layer/encode-layer.ts';

/** Largest `numExperts + Z` the routing kernel accepts (it keeps per-token arrays of that size in registers). */
export const maxCandidates = 1024;

/** The kinds of calls that put work on the device. */
export type WebGpuCallKind = 'forward' | 'route' | 'backward';

/**
 * What the call functions (`routeOnDevice`, `forwardLayer`, `backwardLayer`) get from the backend object,
 * which keeps the device's lifetime, the caches and the counters: a way to run one recorded call (error
 * scopes, counters, buffers back to the pool) with or without the layer's weights resident on the device.
 */
export interface WebGpuCallContext {
  /** Records `body` into one command recorder, checks the device's error scopes, counts the call. */
  run<Result>(
    kind: WebGpuCallKind,
    tokens: number,
    body: (recorder: CommandRecorder) => Promise<Result>,
  ): Promise<Result>;
  /** `run` with `weights` resident on the device (uploaded on first use, counted in the call's bytes). */
  runWithWeights<Result>(
    kind: WebGpuCallKind,
    tokens: number,
    weights: MoeLayerWeightsV1<ExpertTensorV1>,
    body: (recorder: CommandRecorder, resident: LayerDeviceWeights) => Promise<Result>,
  ): Promise<Result>;
  /** Scans a weights object for non-finite values once, like the weight cache uploads it once. */
  readonly validator: LayerValidator;
  /** `options.tiling`: the grouped GEMMs' forced tiling, or undefined to pick by shape. */
  readonly tiling: GemmTiling | undefined;
  /** Whether the decode GEMVs reduce with subgroup operations (`options.subgroups`, probed at creation). */
  readonly subgroups: boolean;
  /** The device's largest buffer and `options.maxMemoryBytes`, checked before a call allocates. */
  readonly memoryLimits: { readonly maxBufferBytes: number; readonly maxMemoryBytes: number };
}

/**
 * Refuses a layer call whose buffers would not fit, before allocating any (T = 65536, f = 16384 asked for
 * an 8 GiB buffer and failed inside the device): the largest buffer is the experts' hidden activations
 * `[T kMax, f]` (float32), and the call holds about `passes` such sets of row buffers plus its per-token
 * arrays. `passes` is 1 for a forward and 3 for a backward (activations, their gradients, the forward's).
 */
export function checkLayerMemory(
  context: WebGpuCallContext,
  shape: { tokens: number; kMax: number; d: number; f: number; total: number },
  passes: number,
): void {
  const rows = shape.tokens * shape.kMax;
  const largest = rows * Math.max(2 * shape.f, shape.d) * 4;
  if (largest > context.memoryLimits.maxBufferBytes) {
    throw new UnsupportedError(
      `a ${Math.ceil(largest / 2 ** 20)} MiB buffer (T kMax = ${rows} rows of width ${Math.max(2 * shape.f, shape.d)})`,
      `this device's largest buffer is ${Math.floor(context.memoryLimits.maxBufferBytes / 2 ** 20)} MiB`,
    );
  }
  const total =
    passes * rows * (2 * shape.f + shape.d + 4) * 4 + shape.tokens * (3 * shape.d + 4 * shape.total) * 4;
  assertWithinMemoryCap('webgpu', total, context.memoryLimits.maxMemoryBytes);
}

/** What this backend cannot run, as typed errors (the spec itself is valid). */
export function checkSupported(spec: RouterSpecV1, total: number): void {
  if (total > maxCandidates) {
    throw new UnsupportedError(
      `${total} candidate experts`,
      `the WebGPU routing kernel handles at most ${maxCandidates}`,
    );
  }
  if (spec.logits.kind === 'cosine' && spec.zeroComputation.length > 0) {
    throw new UnsupportedError('cosine logits with zero-computation experts', 'DynMoE has none');
  }
}
