// The ONNX encoder and the onnxruntime-node loader live in kernels-node (its onnxruntime engine uses them).
export {
  encodeOnnxModel,
  loadOnnxRuntime,
  type OnnxDimension,
  type OnnxGraph,
  type OnnxInitializer,
  type OnnxNode,
  type OnnxValueInfo,
  onnxDataType,
  ortSessionOptions,
} from '@anyk/kernels-node/internal';
export { type JsRouting, jsTopKRouting } from './js-top-k-routing.ts';
export {
  type ExpertMatMulWeights,
  expertMatMulWeights,
  type MoeBenchShape,
  type MoeBenchWeights,
  moeBenchWeights,
  moeLayerFlops,
  routerMatMulWeights,
  seededUniform,
  transposeBlocks,
} from './moe-bench-weights.ts';
export { denseMaskedMoeGraph, matMulGraph, routerGraph, swigluExpertGraph } from './onnx-graphs.ts';
export {
  createOrtDenseMoe,
  createOrtMatMul,
  createOrtMoeLoop,
  type OrtMatMul,
  type OrtMoe,
} from './ort-peers.ts';
export { type PerExpertLoopRuntime, perExpertLoopForward } from './per-expert-loop.ts';
export { createTfjsWasmMatMul, type TfjsMatMul } from './tfjs-wasm-matmul.ts';
