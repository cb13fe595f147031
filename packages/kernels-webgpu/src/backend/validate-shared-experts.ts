import { type ExpertTensorV1, type MoeLayerV1, UnsupportedError } from '@anyk/core';

/**
 * What this backend cannot run of a layer's shared experts, as typed errors (core's `LayerValidator` has
 * checked their shapes and values): Uni-MoE-2.0's `softmax-mixed` gate and a spec with shared router
 * columns, whose weights come from the Uni-MoE-2 routing, which is not on WebGPU yet.
 */
export function checkSharedExpertsSupported(layer: MoeLayerV1<ExpertTensorV1>): void {
  if (layer.spec.sharedExperts !== undefined) {
    throw new UnsupportedError('spec.sharedExperts (Uni-MoE-2.0 shared router columns)', 'not on WebGPU yet');
  }
  if (layer.weights.shared?.gate === 'softmax-mixed') {
    throw new UnsupportedError("shared experts with gate 'softmax-mixed' (Uni-MoE-2.0)", 'not on WebGPU yet');
  }
}
