export { createGpuJsBackend, type GpuJsBackendOptions } from './create-gpujs-backend.ts';
export { type GpuJsMode, gpuJsModes, maxGpuJsElements } from './gpujs-runtime.ts';
