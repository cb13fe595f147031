export {
  createWebGpuBackend,
  type ExpertFfnKind,
  maxCandidates,
  optionalFeatures,
  type WebGpuBackend,
  type WebGpuBackendOptions,
  type WebGpuCallInfo,
  type WebGpuStats,
} from './create-webgpu-backend.ts';
