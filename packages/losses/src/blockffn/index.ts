export {
  type ActivationLocalityInput,
  type ActivationLocalityOptions,
  activationLocalityLoss,
} from './activation-locality-loss.ts';
export {
  CHUNK_SPARSITY_EPSILON,
  type ChunkSparsityInput,
  type ChunkSparsityOptions,
  chunkSparsityLoss,
} from './chunk-sparsity-loss.ts';
