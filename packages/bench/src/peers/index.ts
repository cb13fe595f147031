export { type JsRouting, jsTopKRouting } from './js-top-k-routing.ts';
export {
  type MoeBenchShape,
  type MoeBenchWeights,
  moeBenchWeights,
  moeLayerFlops,
  seededUniform,
  transposeBlocks,
} from './moe-bench-weights.ts';
export { denseMaskedMoeGraph, matMulGraph, routerGraph, swigluExpertGraph } from './onnx-graphs.ts';
export {
  encodeOnnxModel,
  type OnnxDimension,
  type OnnxGraph,
  type OnnxInitializer,
  type OnnxNode,
  type OnnxValueInfo,
  onnxDataType,
} from './onnx-model-encoder.ts';
export {
  createOrtDenseMoe,
  createOrtMatMul,
  createOrtMoeLoop,
  loadOnnxRuntime,
  type OrtMatMul,
  type OrtMoe,
  ortSessionOptions,
} from './ort-peers.ts';
export { createTfjsWasmMatMul, type TfjsMatMul } from './tfjs-wasm-matmul.ts';
