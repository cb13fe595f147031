export { capacityKeepKernel } from './capacity-keep-kernel.ts';
export { combineKernel, zeroKindCode } from './combine-kernel.ts';
export { combineWeightKernel, weightingKindCode } from './combine-weight-kernel.ts';
export { constantMixKernel } from './constant-mix-kernel.ts';
export { cosineLogitsKernel } from './cosine-logits-kernel.ts';
export { expertChoiceSelectionKernel } from './expert-choice-selection-kernel.ts';
export { expertHiddenKernel, expertKindCode } from './expert-hidden-kernel.ts';
export { expertOutputKernel } from './expert-output-kernel.ts';
export { gatingResidualKernel } from './gating-residual-kernel.ts';
export { type GpuJsKernelDefinition, gpuJsKernelSource } from './gpujs-kernel-definition.ts';
export { groupRankKernel } from './group-rank-kernel.ts';
export { positiveSelectionKernel } from './positive-selection-kernel.ts';
export { rankSelectionKernel, rankSelectionKindCode } from './rank-selection-kernel.ts';
export { routerLogitsKernel } from './router-logits-kernel.ts';
export { scoringKernel, scoringKindCode } from './scoring-kernel.ts';
export { sharedCombineKernel, sharedGateCode, sharedGateKernel } from './shared-gate-kernel.ts';
export { stdNormaliseKernel } from './std-normalise-kernel.ts';
export { thresholdSelectionKernel } from './threshold-selection-kernel.ts';
export {
  uniMoeKeepKernel,
  uniMoeMultiplierKernel,
  uniMoeRankKernel,
  uniMoeScoresKernel,
  uniMoeWeightKernel,
} from './uni-moe-kernels.ts';
