import { BackendUnavailableError, type RouterSpecV1 } from '@anyk/core';
import { createBackend } from '../backends/create-backend.ts';
import type { BenchCase, PreparedCase } from '../harness/bench-case.ts';
import {
  createOrtDenseMoe,
  createOrtMatMul,
  createOrtMoeLoop,
  createTfjsWasmMatMul,
  type MoeBenchWeights,
  moeLayerFlops,
  seededUniform,
} from '../peers/index.ts';
import { anykMoeLayer, type BenchWeightDtype, type MoeProblem } from './anyk-moe-layer.ts';

export { anykMoeLayer, type BenchWeightDtype, type MoeProblem } from './anyk-moe-layer.ts';

/** A dense GEMM problem `[m, k] x [k, n]` with seeded inputs shared by every implementation. */
export interface GemmProblem {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly a: Float32Array;
  readonly b: Float32Array;
}

export function gemmProblem(m: number, k: number, n: number): GemmProblem {
  return { m, k, n, a: seededUniform(m * k, 1, 101), b: seededUniform(k * n, 1 / Math.sqrt(k), 102) };
}

export function moeProblem(weights: MoeBenchWeights, tokens: number, k = 2): MoeProblem {
  return { weights, tokens, k, x: seededUniform(tokens * weights.d, 1, 201 + tokens) };
}

/**
 * The engine that multiplies the matrices (`wasm`: anyk's WebAssembly microkernels, `onnxruntime`:
 * onnxruntime-node's MLAS) and the dtype of the weights it reads; every cpu row carries both.
 */
export type MatrixEngine = 'wasm' | 'onnxruntime';

/** A GEMM row's shape: sizes, the engine and the dtype (always `f32`). */
export function gemmShape(problem: GemmProblem, engine: string) {
  return { M: problem.m, K: problem.k, N: problem.n, engine, dtype: 'f32' };
}

/** A MoE row's shape: sizes, the engine that multiplies and the expert weights' dtype. */
export function moeShape(problem: MoeProblem, engine: string, weights: BenchWeightDtype = 'f32') {
  const { d, f, experts } = problem.weights;
  return { T: problem.tokens, d, f, E: experts, k: problem.k, engine, dtype: weights };
}

/** Looks up an export of `@anyk/kernels-node/diagnostics`, failing with the reason when this build lacks it. */
export async function kernelsNodeExport<T>(name: string): Promise<T> {
  const module = (await import('@anyk/kernels-node/diagnostics')) as Record<string, unknown>;
  const value = module[name];
  if (typeof value !== 'function') {
    throw new BackendUnavailableError(
      'node',
      `${name} is not exported by @anyk/kernels-node/diagnostics in this build`,
    );
  }
  return value as T;
}

/** onnxruntime-node MatMul, B a constant initializer. */
export function ortMatMulCase(group: string, problem: GemmProblem, threads: number): BenchCase {
  return {
    id: `${group}/onnxruntime-node/${threads}t`,
    group,
    implementation: 'onnxruntime-node',
    shape: gemmShape(problem, 'onnxruntime'),
    threads,
    async setup(): Promise<PreparedCase> {
      const matMul = await createOrtMatMul({ ...problem, threads });
      return {
        run: () => matMul.run(),
        work: { flops: 2 * problem.m * problem.k * problem.n },
        dispose: () => matMul.dispose(),
      };
    },
  };
}

/** tfjs-backend-wasm MatMul (single-threaded in Node), including the `dataSync` read-back. */
export function tfjsMatMulCase(group: string, problem: GemmProblem): BenchCase {
  return {
    id: `${group}/tfjs-wasm/1t`,
    group,
    implementation: 'tfjs-wasm',
    shape: gemmShape(problem, 'wasm'),
    threads: 1,
    async setup(): Promise<PreparedCase> {
      const matMul = await createTfjsWasmMatMul(problem);
      return {
        run: () => matMul.run(),
        work: { flops: 2 * problem.m * problem.k * problem.n },
        dispose: () => matMul.dispose(),
      };
    },
  };
}

interface PreparedGemmLike {
  run(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * anyk's dense GEMM on the node backend's microkernel (`prepareGemm` of kernels-node: B packed once, outside
 * the timing, the way ORT pre-packs a constant initializer), timed by the harness like every other row.
 */
export function anykGemmCase(group: string, problem: GemmProblem, threads: number): BenchCase {
  return {
    id: `${group}/anyk-node/${threads}t`,
    group,
    implementation: 'anyk node',
    shape: gemmShape(problem, 'wasm'),
    threads,
    async setup(): Promise<PreparedCase> {
      const prepareGemm =
        await kernelsNodeExport<(options: Record<string, number>) => Promise<PreparedGemmLike>>(
          'prepareGemm',
        );
      const gemm = await prepareGemm({ M: problem.m, K: problem.k, N: problem.n, threads });
      return {
        run: () => gemm.run(),
        work: { flops: 2 * problem.m * problem.k * problem.n },
        dispose: () => gemm.dispose(),
      };
    },
  };
}

/** The ORT per-expert loop or the dense all-experts-masked MoE. */
export function ortMoeCase(
  group: string,
  problem: MoeProblem,
  variant: 'loop' | 'dense',
  threads: number,
): BenchCase {
  const implementation =
    variant === 'loop' ? 'onnxruntime-node per-expert loop' : 'onnxruntime-node dense masked';
  return {
    id: `${group}/ort-${variant}/${threads}t`,
    group,
    implementation,
    shape: moeShape(problem, 'onnxruntime'),
    threads,
    async setup(): Promise<PreparedCase> {
      const create = variant === 'loop' ? createOrtMoeLoop : createOrtDenseMoe;
      const moe = await create({ weights: problem.weights, k: problem.k, threads });
      return {
        run: () => moe.forward(problem.x, problem.tokens),
        work: { flops: moeLayerFlops(problem.tokens, problem.k, problem.weights), tokens: problem.tokens },
        metrics: { meanExperts: problem.k },
        dispose: () => moe.dispose(),
      };
    },
  };
}

/**
 * A whole anyk MoE layer forward (routing, plan, grouped FFN, combine) on a backend. Useful FLOPs count the
 * experts each token actually used (measured on the first, untimed call).
 */
export function anykMoeCase(options: {
  readonly group: string;
  readonly problem: MoeProblem;
  readonly backend: string;
  readonly threads: number | null;
  readonly spec?: RouterSpecV1 | undefined;
  /** Distinguishes rows of one group (`top-2`, `top-p 0.62`). */
  readonly variant: string;
  /** The expert weights' dtype (default `f32`; `bf16` rounds them, and the id and implementation say so). */
  readonly weights?: BenchWeightDtype | undefined;
  readonly measure?: BenchCase['measure'];
  /**
   * The node backend's engine (default `wasm`, whose ids are unchanged); `onnxruntime` adds `-onnxruntime`
   * to the id and the implementation.
   */
  readonly engine?: MatrixEngine | undefined;
}): BenchCase {
  const { problem, group } = options;
  const engine = options.engine ?? 'wasm';
  const weights = options.weights ?? 'f32';
  const variant = weights === 'f32' ? options.variant : `${options.variant}-${weights}`;
  const name = engine === 'wasm' ? options.backend : `${options.backend}-${engine}`;
  // Backends other than node name their own engine (webgpu, gpujs, reference).
  const shape = moeShape(problem, options.backend === 'node' ? engine : options.backend, weights);
  return {
    id: `${group}/anyk-${name}-${variant}/${options.threads === null ? 'default' : `${options.threads}t`}`,
    group,
    implementation: `anyk ${name} ${variant}`,
    shape: options.spec ? { ...shape, k: options.variant } : shape,
    threads: options.threads,
    measure: options.measure,
    async setup(): Promise<PreparedCase> {
      const backend = await createBackend(options.backend, {
        ...(options.threads === null ? {} : { threads: options.threads }),
        ...(engine === 'wasm' ? {} : { engine }),
      });
      try {
        const layer = anykMoeLayer(problem, options.spec, weights);
        const input = { tokens: problem.tokens, x: problem.x };
        const first = await backend.forward(layer, input);
        const meanExperts = first.plan.expertOffset[problem.weights.experts]! / problem.tokens;
        return {
          run: () => backend.forward(layer, input),
          work: {
            flops: moeLayerFlops(problem.tokens, meanExperts, problem.weights),
            tokens: problem.tokens,
          },
          metrics: { meanExperts },
          dispose: () => backend.dispose(),
        };
      } catch (error) {
        await backend.dispose();
        throw error;
      }
    },
  };
}
