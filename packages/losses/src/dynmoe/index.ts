export {
  type CoefficientOnly,
  type DiversityInput,
  type DynmoeAuxInput,
  diversityLoss,
  dynmoeAuxLoss,
  dynmoeBalanceLoss,
  type ExpertEmbeddingsInput,
  efficiencyLoss,
  type GateInput,
  simplicityLoss,
} from './dynmoe-losses.ts';
