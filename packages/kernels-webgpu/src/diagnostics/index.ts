export {
  type MeasureWebGpuLayerOptions,
  measureWebGpuLayer,
  type WebGpuDecodeMeasurement,
  type WebGpuLayerMeasurement,
} from './measure-webgpu-layer.ts';
