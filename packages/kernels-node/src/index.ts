export * from './memory/index.ts';
export * from './node-backend/index.ts';
export * from './pool/index.ts';
export * from './wasm/index.ts';
export {
  type GemmMeasurement,
  type MeasureGemmOptions,
  type MeasureMoeLayerOptions,
  type MoeLayerMeasurement,
  measureGemm,
  measureMoeLayer,
  type TimingResult,
} from './bench-kernels.ts';
export * from './gpujs/index.ts';
