import type { ExpertKindV1, MoeLayerV1, RouterSpecV1 } from '@anyk/core';
import { createNodeBackend } from './node-backend/create-node-backend.ts';
import { KernelRuntime } from './node-backend/kernel-runtime.ts';
import {
  filled,
  type GemmMeasurement,
  gemmMemoryBytes,
  type MeasureGemmOptions,
  measureOwnedGemm,
  type PreparedGemm,
  prepareOwnedGemm,
  type TimingResult,
  time,
} from './runtime/measure-runtime-gemm.ts';
import type { MultiplyAddMode } from './wasm/gemm-kernels.ts';

export type {
  GemmMeasurement,
  MeasureGemmOptions,
  PreparedGemm,
  TimingResult,
} from './runtime/measure-runtime-gemm.ts';

/**
 * Dense `C[M,N] = A[M,K] B[N,K]^T` on the backend's f32 microkernel (B packed once, outside the timing),
 * the number to compare with a BLAS or onnxruntime MatMul of the same shape. Node's `worker_threads` pool;
 * `measureBrowserGemm` of `@anyk/kernels-node/browser` times the same kernel in a page.
 */
export async function measureGemm(options: MeasureGemmOptions): Promise<GemmMeasurement> {
  return measureOwnedGemm(await createGemmRuntime(options), options);
}

/**
 * `measureGemm`'s GEMM (same seeded data, B packed once), not timed: the caller times `run`, e.g. in turns
 * with other implementations so that a machine's drifting speed falls on all of them alike.
 */
export async function prepareGemm(
  options: Pick<MeasureGemmOptions, 'M' | 'K' | 'N' | 'threads' | 'multiplyAdd'>,
): Promise<PreparedGemm> {
  return prepareOwnedGemm(await createGemmRuntime(options), options);
}

/** A runtime sized for one GEMM of `options`' shape. */
function createGemmRuntime(
  options: Pick<MeasureGemmOptions, 'M' | 'K' | 'N' | 'threads' | 'multiplyAdd'>,
): Promise<KernelRuntime> {
  return KernelRuntime.create({
    threads: options.threads ?? 1,
    maxMemoryBytes: gemmMemoryBytes(options),
    multiplyAdd: options.multiplyAdd ?? 'auto',
  });
}

export interface MeasureMoeLayerOptions {
  readonly T: number;
  readonly d: number;
  readonly E: number;
  readonly f: number;
  /** Router spec; default top-2 softmax with renormalised weights over E real experts. */
  readonly spec?: RouterSpecV1 | undefined;
  readonly expert?: ExpertKindV1 | undefined;
  readonly threads?: number | undefined;
  readonly repeats?: number | undefined;
  readonly warmup?: number | undefined;
  /** Also time backward (forward with `retainForBackward` + backward). */
  readonly backward?: boolean | undefined;
}

export interface MoeLayerMeasurement {
  readonly forward: TimingResult;
  readonly backward?: TimingResult | undefined;
  /** Rows N of the plan (sum of real expert selections) in the timed forward. */
  readonly rows: number;
  /** Expert FFN FLOPs of one forward (`2 N d f` per projection), for GFLOP/s and dense-GEMM ratios. */
  readonly expertFlops: number;
  readonly gflops: number;
  readonly threads: number;
  readonly multiplyAdd: MultiplyAddMode;
}

/** Times one MoE layer forward (and optionally backward) of the node backend on random weights. */
export async function measureMoeLayer(options: MeasureMoeLayerOptions): Promise<MoeLayerMeasurement> {
  const { T, d, E, f } = options;
  const threads = options.threads ?? 1;
  const spec: RouterSpecV1 = options.spec ?? {
    specificationVersion: 'v1',
    family: 'top-k',
    numExperts: E,
    zeroComputation: [],
    logits: { kind: 'linear' },
    gatingResidual: false,
    scoring: { kind: 'softmax' },
    selection: { kind: 'top-k', k: Math.min(2, E) },
    weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: false },
  };
  const expert = options.expert ?? { kind: 'swiglu' };
  const total = spec.numExperts + spec.zeroComputation.length;
  const constants = spec.zeroComputation.filter((kind) => kind === 'constant').length;
  const layer: MoeLayerV1 = {
    spec,
    weights: {
      d,
      f,
      expert,
      router: filled(spec.logits.kind === 'cosine' ? d * E : total * d, 3),
      wGate: expert.kind === 'swiglu' ? filled(E * f * d, 4) : undefined,
      wUp: filled(E * f * d, 5),
      wDown: filled(E * d * f, 6),
      constants:
        constants > 0 ? { wc: filled(constants * 2 * d, 7), v: filled(constants * d, 8) } : undefined,
    },
  };
  const backend = await createNodeBackend({ threads });
  try {
    const input = { tokens: T, x: filled(T * d, 9) };
    let rows = 0;
    const forward = await time(
      async () => {
        const result = await backend.forward(layer, input);
        rows = result.plan.expertOffset[E]!;
      },
      options.repeats ?? 5,
      options.warmup ?? 2,
    );
    let backward: TimingResult | undefined;
    if (options.backward) {
      const gradOutput = filled(T * d, 10);
      backward = await time(
        async () => {
          const result = await backend.forward(layer, input, { retainForBackward: true });
          await backend.backward(layer, input, result, gradOutput);
        },
        options.repeats ?? 5,
        options.warmup ?? 1,
      );
    }
    const projections = expert.kind === 'swiglu' ? 3 : 2;
    const expertFlops = 2 * rows * d * f * projections;
    return {
      forward,
      backward,
      rows,
      expertFlops,
      gflops: expertFlops / (forward.medianMs * 1e6),
      threads,
      multiplyAdd: backend.multiplyAdd,
    };
  } finally {
    await backend.dispose();
  }
}
