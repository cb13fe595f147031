export {
  type AllocationRequest,
  allocatorLogits,
  type ExpertAllocation,
  greedyAllocation,
} from './expert-allocation.ts';
export { type ModelConfig, type ModelDtype, validateModelConfig } from './model-config.ts';
export { type ForwardPass, MoeLanguageModel, type TokenBatch } from './moe-language-model.ts';
export { allocate, type NamedTensor, TensorStore } from './parameter-store.ts';
