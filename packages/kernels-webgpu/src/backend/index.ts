export {
  createWebGpuBackend,
  maxCandidates,
  optionalFeatures,
  type WebGpuBackend,
  type WebGpuBackendOptions,
  type WebGpuStats,
} from './create-webgpu-backend.ts';
