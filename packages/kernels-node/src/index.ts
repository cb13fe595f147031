/**
 * `@anyk/kernels-node`: the WebAssembly SIMD + worker_threads CPU backend.
 *
 * The gpu.js backend lives under `@anyk/kernels-node/gpujs` (gpu.js is an optional peer dependency, so a
 * CPU-only install does not pull in its native GL and Dawn builds), the measuring tools under
 * `./diagnostics`, and the building blocks (wasm emitter, worker pool, shared arena) under `./internal`.
 */
// Each name straight from its file: the declarations of this entry must not reach the internals, whose
// types use the WebAssembly namespace that a Node app without the DOM lib does not have.
export {
  createNodeBackend,
  type NodeBackend,
  type NodeBackendOptions,
  type NodeEngine,
  type NodeEngineOption,
} from './node-backend/create-node-backend.ts';
export type { DenseMatmulArgs } from './node-backend/dense-matmul-args.ts';
export type { MultiplyAddMode } from './wasm/gemm-kernels.ts';
