export {
  type MeasureWebGpuLayerOptions,
  measureWebGpuLayer,
  type WebGpuLayerMeasurement,
} from './measure-webgpu-layer.ts';
