/**
 * `@anyk/kernels-node`: the WebAssembly SIMD + worker_threads CPU backend.
 *
 * The gpu.js backend lives under `@anyk/kernels-node/gpujs` (gpu.js is an optional peer dependency, so a
 * CPU-only install does not pull in its native GL and Dawn builds), the measuring tools under
 * `./diagnostics`, and the building blocks (wasm emitter, worker pool, shared arena) under `./internal`.
 */
export {
  createNodeBackend,
  type DenseMatmulArgs,
  decodeTokenLimit,
  type NodeBackend,
  type NodeBackendOptions,
  type NodeForwardSaved,
} from './node-backend/index.ts';
export type { MultiplyAddMode } from './wasm/index.ts';
