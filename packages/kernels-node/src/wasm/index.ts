export {
  emitGemmModule,
  gemvMaxRows,
  kernelNames,
  type MultiplyAddMode,
  microkernelShape,
  supportsRelaxedSimd,
} from './gemm-kernels.ts';
export {
  buildWasmModule,
  FunctionBodyBuilder,
  type FunctionDefinition,
  type MemoryImport,
  pushSignedLeb128,
  pushUnsignedLeb128,
  type ValueType,
  valueType,
} from './wasm-module-builder.ts';
