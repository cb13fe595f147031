export { browserCpuSuite } from './browser-cpu-suite.ts';
export { cpuSuite, cpuSuiteShapes } from './cpu-suite.ts';
export {
  anykGemmCase,
  anykMoeCase,
  anykMoeLayer,
  type GemmProblem,
  gemmProblem,
  kernelsNodeExport,
  type MoeProblem,
  moeProblem,
  ortMatMulCase,
  ortMoeCase,
  tfjsMatMulCase,
} from './measurement-cases.ts';
export { peersSuite } from './peers-suite.ts';
export { routersSuite, routersSuiteSweep } from './routers-suite.ts';
export { problemLogits, searchTopP, type TopPChoice } from './search-top-p.ts';
export { benchSuites, getSuite, suiteNames } from './suite-registry.ts';
export {
  adapterOf,
  type WebGpuDiagnosticsRow,
  type WebGpuLayerMeasurementLike,
  webGpuDiagnosticsSuite,
  webGpuSuite,
  webGpuSuiteShapes,
} from './webgpu-suites.ts';
