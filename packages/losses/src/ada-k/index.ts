export {
  type AllocatorInput,
  allocatorLogProb,
  negLogProbLoss,
  type PpoInput,
  ppoClipLoss,
} from './allocator-losses.ts';
