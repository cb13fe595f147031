/**
 * `@anyk/kernels-node/internal`: the building blocks of the CPU backends (WebAssembly module emitter, GEMM
 * microkernels, worker pools (Node threads, Web Workers, inline), shared arena, kernel runtime, the backend
 * over a runtime). **Unstable**: these change with the backends' implementation, without a major version; depend on `@anyk/kernels-node` for anything you ship. A Node
 * program that type-checks these declarations needs the `DOM` lib (for the `WebAssembly` namespace).
 */
export * from './memory/index.ts';
export {
  decodeTokenLimit,
  KernelRuntime,
  type KernelRuntimeOptions,
  type NodeForwardSaved,
  type PackedMatrix,
  panelCount,
  view,
} from './node-backend/index.ts';
export {
  createRuntimeBackend,
  type RuntimeBackend,
  type RuntimeBackendOptions,
} from './node-backend/runtime-backend.ts';
export {
  bankOutputNames,
  bankRowsName,
  denseGemmGraph,
  type ExpertBankWeights,
  expertBanksGraph,
  routerLogitsGraph,
} from './ort-engine/expert-bank-graph.ts';
export {
  loadOnnxRuntime,
  type OnnxRuntimeImporter,
  type OnnxRuntimeModule,
  onnxRuntimePackage,
  ortSessionOptions,
} from './ort-engine/load-onnx-runtime.ts';
export {
  encodeOnnxModel,
  type OnnxAttributeValue,
  type OnnxDimension,
  type OnnxGraph,
  type OnnxInitializer,
  type OnnxNode,
  type OnnxValueInfo,
  onnxDataType,
} from './ort-engine/onnx-model-encoder.ts';
export { OrtEngine } from './ort-engine/ort-engine.ts';
export * from './pool/index.ts';
export * from './wasm/index.ts';
