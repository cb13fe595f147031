export { activationBackwardThreads, activationBackwardWgsl } from './activation-backward.wgsl.ts';
export { activationsWgsl } from './activations.wgsl.ts';
export {
  type BindingSpec,
  bindingsWgsl,
  type KernelBindings,
  operandElement,
  paramsBinding,
  read,
  write,
} from './bindings.wgsl.ts';
export { capacityDropWgsl } from './capacity-drop.wgsl.ts';
export { combineThreads, combineWgsl } from './combine.wgsl.ts';
export { cosineLogitsWgsl } from './cosine-logits.wgsl.ts';
export { denseGemmWgsl } from './dense-gemm.wgsl.ts';
export { denseGemvGrid, denseGemvWgsl } from './dense-gemv.wgsl.ts';
export { expertChoiceWgsl } from './expert-choice.wgsl.ts';
export { type ExpertFfnPath, ffnTileRows, gemvMaxTokens, pickExpertFfnPath } from './expert-ffn-path.ts';
export {
  type ExpertRowsGemmMode,
  expertRowsGemmColumnTiles,
  expertRowsGemmShape,
  expertRowsGemmWgsl,
  rowTileTable,
} from './expert-rows-gemm.wgsl.ts';
export {
  type ExpertWeightGradMode,
  expertWeightGradShape,
  expertWeightGradTiles,
  expertWeightGradWgsl,
} from './expert-weight-grad.wgsl.ts';
export {
  accumulator,
  type GemmCoreParts,
  gemmCoreWgsl,
  gemmLoadSlots,
  gemmWorkgroupMemoryWgsl,
  rowLoadWgsl,
} from './gemm-core.wgsl.ts';
export { type GemmTiling, gemmThreads, gemmTilings, pickGemmTiling } from './gemm-tiles.ts';
export {
  type GemvCoreParts,
  gemvColumnBlocks,
  gemvCoreWgsl,
  gemvShape,
  gemvWorkgroupMemoryWgsl,
} from './gemv-core.wgsl.ts';
export { downColumnTiles, groupedGemmDownWgsl } from './grouped-gemm-down.wgsl.ts';
export { groupedGemmUpWgsl, upColumnTiles } from './grouped-gemm-up.wgsl.ts';
export { groupedGemvDownWgsl } from './grouped-gemv-down.wgsl.ts';
export { groupedGemvUpWgsl } from './grouped-gemv-up.wgsl.ts';
export { f32Literal, flatIndexWgsl, itemWorkgroupSize, paramsStructWgsl } from './params.wgsl.ts';
export { planBlockTokens, planCountWgsl } from './plan-count.wgsl.ts';
export { maxRowTiles, planMetaLayout } from './plan-layout.ts';
export { planScanThreads, planScanWgsl } from './plan-scan.wgsl.ts';
export { planScatterWgsl } from './plan-scatter.wgsl.ts';
export { type RouteTokensMode, routeTokensBindings, routeTokensWgsl } from './route-tokens.wgsl.ts';
export { type RouterBackwardMode, routerBackwardWgsl } from './router-backward.wgsl.ts';
export { routerLogitsWgsl } from './router-logits.wgsl.ts';
export { routerParamsLayout } from './router-params-layout.ts';
export { scoringWgsl } from './scoring.wgsl.ts';
export { selectionWgsl } from './selection.wgsl.ts';
export { sharedGateBindings, sharedGateWgsl } from './shared-gate.wgsl.ts';
export { type UniMoePicksConstants, uniMoePicksWgsl } from './uni-moe-picks.wgsl.ts';
export { type UniMoeWeightsConstants, uniMoeWeightsWgsl } from './uni-moe-weights.wgsl.ts';
export { weightingWgsl } from './weighting.wgsl.ts';
export { zeroKindCode, zeroKindsWgsl } from './zero-kinds.wgsl.ts';
