/**
 * `@anyk/kernels-node/browser`: the WebAssembly SIMD CPU backend for browsers (Web Workers; threads over
 * shared memory on cross-origin isolated pages). Nothing reachable from here imports a `node:` module.
 */

export type { GemmMeasurement, MeasureGemmOptions, PreparedGemm } from '../runtime/measure-runtime-gemm.ts';
export type { MultiplyAddMode } from '../wasm/gemm-kernels.ts';
export {
  type BrowserCpuBackend,
  type BrowserCpuBackendOptions,
  createBrowserCpuBackend,
} from './create-browser-cpu-backend.ts';
export { measureBrowserGemm, prepareBrowserGemm } from './measure-browser-gemm.ts';
