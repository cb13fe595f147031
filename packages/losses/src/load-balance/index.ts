export {
  type AdamoeBalanceInput,
  type AdamoeBalanceOptions,
  adamoeBalanceLoss,
} from './adamoe-balance-loss.ts';
export {
  type DeviceBalanceInput,
  type DeviceBalanceOptions,
  deviceBalanceLoss,
} from './device-balance-loss.ts';
export {
  type HeterogeneousBalanceInput,
  type HeterogeneousBalanceOptions,
  heterogeneousBalanceLoss,
} from './heterogeneous-balance-loss.ts';
export {
  type LoadBalanceInput,
  type LoadBalanceOptions,
  type LoadBalanceVariant,
  loadBalanceLoss,
} from './load-balance-loss.ts';
export {
  argmaxMask,
  type CandidateBalanceInput,
  candidateSelectionCounts,
  selectionCounts,
  selectionMaskFromSlots,
  weightedMeanProbability,
} from './selection-counts.ts';
export {
  type SequenceBalanceInput,
  type SequenceBalanceOptions,
  sequenceBalanceLoss,
} from './sequence-balance-loss.ts';
export {
  type UniMoeBalanceInput,
  type UniMoeBalanceOptions,
  uniMoeBalanceLoss,
} from './uni-moe-balance-loss.ts';
