/**
 * `@anyk/kernels-node/diagnostics`: measuring tools (GEMM and MoE-layer timings of the CPU backend), used
 * by the `anyk bench` suites. Not needed to run a model.
 */
export {
  type GemmMeasurement,
  type MeasureGemmOptions,
  type MeasureMoeLayerOptions,
  type MoeLayerMeasurement,
  measureGemm,
  measureMoeLayer,
  type PreparedGemm,
  prepareGemm,
  type TimingResult,
} from '../bench-kernels.ts';
