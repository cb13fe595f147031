export {
  COSINE_NORM_EPSILON,
  type CosineLogitsGrad,
  type CosineSigmoidInput,
  type CosineSigmoidRouting,
  columnNormaliseVjp,
  columnNormsOf,
  cosineLogitsVjp,
  cosineSigmoidRouting,
  maskedSigmoidVjp,
} from './cosine-sigmoid.ts';
export { type GatingResidualGrad, gatingResidual, gatingResidualVjp } from './gating-residual.ts';
export {
  BLOCKFFN_Q_EPSILON,
  type ReluRmsnormRouting,
  reluRmsnormRouting,
  reluRmsnormVjp,
} from './relu-rmsnorm.ts';
export { sigmoid, sigmoidElementwise, sigmoidVjp } from './sigmoid.ts';
export { logSoftmaxRows, logSumExpRows, softmaxRows, softmaxVjp } from './softmax.ts';
export { stdNormaliseRows, stdNormaliseVjp } from './std-normalise.ts';
export {
  type StraightThroughGateGrad,
  straightThroughGateVjp,
  thresholdVjp,
} from './straight-through-gate.ts';
