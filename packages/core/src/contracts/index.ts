export type {
  BackendCapabilitiesV1,
  BackwardOptionsV1,
  ForwardOptionsV1,
  KernelBackendV1,
  LayerForwardResultV1,
  MemoryReportV1,
} from './kernel-backend-v1.ts';
export type {
  ExpertKindV1,
  ExpertTensorV1,
  FloatArray,
  HalfTensorV1,
  LayerGradsV1,
  LayerInputV1,
  MoeLayerV1,
  MoeLayerWeightsV1,
  RouteInputV1,
  RouterGradsV1,
  SharedExpertGateV1,
  SharedExpertsGradsV1,
  SharedExpertsV1,
} from './layer-v1.ts';
export type {
  LogitsSpecV1,
  RouterParamsV1,
  RouterSpecV1,
  ScoringSpecV1,
  SelectionSpecV1,
  UniMoeSelectionV1,
  WeightingSpecV1,
  ZeroExpertKind,
} from './router-spec-v1.ts';
export type { ExpertPlanV1, RoutingResultV1, TokenSlotsV1 } from './routing-v1.ts';
