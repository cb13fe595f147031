import { requireInteger, requireOneOf } from '@anyk/core/internal';
import { OrtEngine } from '../ort-engine/ort-engine.ts';
import type { MultiplyAddMode } from '../wasm/gemm-kernels.ts';
import { KernelRuntime } from './kernel-runtime.ts';
import { createRuntimeBackend } from './runtime-backend.ts';
import type { RuntimeBackend } from './runtime-backend-contract.ts';

export interface NodeBackendOptions {
  /** Worker threads (default: 1, or `os.availableParallelism()` when `'auto'`). */
  readonly threads?: number | 'auto' | undefined;
  /** Cap of the shared memory (default 2 GiB); a call that needs more rejects with `UnsupportedError`. */
  readonly maxMemoryBytes?: number | undefined;
  /**
   * `'auto'` (default) uses relaxed-SIMD FMA when `WebAssembly.validate` accepts it, SIMD128 `mul` + `add`
   * otherwise; forcing `'relaxed-madd'` on an engine without it rejects with `UnsupportedError`.
   */
  readonly multiplyAdd?: 'auto' | MultiplyAddMode | undefined;
  /**
   * Which engine multiplies the matrices (router, experts, dense products):
   * - `'wasm'` (default): the WebAssembly SIMD microkernels, portable, nothing to install;
   * - `'onnxruntime'`: onnxruntime-node's native kernels (MLAS: AVX2 / AVX-512 where the CPU has them, about
   *   twice the WebAssembly throughput on such machines), from the optional peer `onnxruntime-node`; rejects
   *   with `BackendUnavailableError` naming the package when it is not installed;
   * - `'auto'`: `'onnxruntime'` when onnxruntime-node loads, `'wasm'` otherwise (`engineFallback` says why).
   * Routing, the plan and the combine are the same code on both; forward and backward expert products run
   * on the chosen engine.
   */
  readonly engine?: NodeEngineOption | undefined;
  /**
   * How onnxruntime-node is imported (default: a dynamic `import('onnxruntime-node')`); for tests and
   * bundlers. Typed without onnxruntime's types, so apps without the package still type-check.
   */
  readonly importOnnxRuntime?: (() => Promise<unknown>) | undefined;
}

/** The `engine` option of {@link createNodeBackend}. */
export type NodeEngineOption = 'auto' | NodeEngine;
/** The engine a node backend runs its products on (`NodeBackend.engine`). */
export type NodeEngine = 'wasm' | 'onnxruntime';
const engineOptions: readonly NodeEngineOption[] = ['auto', 'wasm', 'onnxruntime'];

/** The CPU backend, plus what it adds to `KernelBackendV1`. */
export interface NodeBackend extends RuntimeBackend {
  readonly name: 'node';
  /** The engine that runs the matrix products (see `NodeBackendOptions.engine`). */
  readonly engine: NodeEngine;
  /** With `engine: 'auto'` on `'wasm'`: why onnxruntime-node could not be used. */
  readonly engineFallback?: string | undefined;
}

const defaultMaxMemoryBytes = 2 * 1024 * 1024 * 1024;

/**
 * Creates the fast CPU backend: WebAssembly SIMD GEMM microkernels generated at runtime, on a
 * `worker_threads` pool sharing one `WebAssembly.Memory`, or, with `engine: 'onnxruntime'`, onnxruntime-node's
 * native kernels for the forward and dense products. float32 arithmetic (router logits in float64),
 * backward supported. Rejects with `BackendUnavailableError` when workers cannot start or a requested
 * engine is not installed.
 *
 * @example
 * ```ts
 * import { createNodeBackend } from '@anyk/kernels-node';
 *
 * const backend = await createNodeBackend({ threads: 4 });
 * const y = (await backend.forward(layer, { tokens, x })).y; // the same results as the reference, faster
 * await backend.dispose();
 * ```
 * @throws {InvalidArgumentError} (rejects) when an option is invalid (the error names it)
 * @throws {BackendUnavailableError} (rejects) when its workers cannot start, or `engine: 'onnxruntime'` and
 *   onnxruntime-node cannot load (the error names the package)
 */
export async function createNodeBackend(options: NodeBackendOptions = {}): Promise<NodeBackend> {
  const { availableParallelism } = await import('node:os');
  const threadsOption = options.threads ?? 1;
  const threads = threadsOption === 'auto' ? availableParallelism() : threadsOption;
  requireInteger('threads', threads, { min: 1, max: 256 }, 'createNodeBackend');
  const maxMemoryBytes = options.maxMemoryBytes ?? defaultMaxMemoryBytes;
  requireInteger(
    'maxMemoryBytes',
    maxMemoryBytes,
    { min: 1 << 20, max: 4 * 1024 * 1024 * 1024 - 65536 },
    'createNodeBackend',
  );
  const multiplyAdd = requireOneOf(
    'multiplyAdd',
    options.multiplyAdd ?? 'auto',
    ['auto', 'relaxed-madd', 'mul-add'] as const,
    'createNodeBackend',
  );
  const engineOption = requireOneOf('engine', options.engine ?? 'wasm', engineOptions, 'createNodeBackend');
  const { ort, fallback } = await createOrtEngine(engineOption, threads, options.importOnnxRuntime);
  let runtime: KernelRuntime;
  try {
    runtime = await KernelRuntime.create({ threads, maxMemoryBytes, multiplyAdd });
  } catch (error) {
    await ort?.dispose();
    throw error;
  }

  const core = createRuntimeBackend(runtime, {
    name: 'node',
    maxMemoryBytes,
    ort,
  });
  return {
    ...core,
    name: 'node',
    engine: ort ? 'onnxruntime' : 'wasm',
    ...(fallback === undefined ? {} : { engineFallback: fallback }),
  };
}

/**
 * The onnxruntime engine the `engine` option asks for: none for `'wasm'`; for `'onnxruntime'` the engine or
 * the loader's typed error; for `'auto'` the engine, or none and the reason.
 */
async function createOrtEngine(
  engine: NodeEngineOption,
  threads: number,
  importer: (() => Promise<unknown>) | undefined,
): Promise<{ ort: OrtEngine | undefined; fallback?: string }> {
  if (engine === 'wasm') return { ort: undefined };
  try {
    return { ort: await OrtEngine.create({ threads, importer }) };
  } catch (error) {
    if (engine === 'onnxruntime') throw error;
    return { ort: undefined, fallback: (error as Error).message };
  }
}
