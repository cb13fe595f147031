/// <reference types="@webgpu/types" preserve="true" />
export {
  type DenseGemmTiming,
  type MeasureDenseGemmOptions,
  measureDenseGemm,
} from './measure-dense-gemm.ts';
export {
  type KernelProfileEntry,
  type MeasureWebGpuLayerOptions,
  measureWebGpuLayer,
  type WebGpuDecodeMeasurement,
  type WebGpuKernelProfile,
  type WebGpuLayerMeasurement,
} from './measure-webgpu-layer.ts';
