/**
 * `@anyk/kernels-node/browser`: the WebAssembly SIMD CPU backend for browsers (Web Workers; threads over
 * shared memory on cross-origin isolated pages). Nothing reachable from here imports a `node:` module.
 */

export type { GemmMeasurement, MeasureGemmOptions } from '../runtime/measure-runtime-gemm.ts';
export type { MultiplyAddMode } from '../wasm/gemm-kernels.ts';
export {
  type BrowserCpuBackend,
  type BrowserCpuBackendOptions,
  createBrowserCpuBackend,
} from './create-browser-cpu-backend.ts';
export { measureBrowserGemm } from './measure-browser-gemm.ts';
