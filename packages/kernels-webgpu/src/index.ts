/// <reference types="@webgpu/types" preserve="true" />
/**
 * `@anyk/kernels-webgpu`: the WebGPU backend (the whole MoE hot path in WGSL, device-resident).
 *
 * Measuring tools live under `@anyk/kernels-webgpu/diagnostics`; the WGSL sources and the encoders that
 * record them under `./internal` (unstable). The WebGPU types (`GPUDevice`, ...) come from `@webgpu/types`,
 * a dependency of this package, so a consumer type-checks with `skipLibCheck: false` without adding them.
 */
export * from './backend/index.ts';
