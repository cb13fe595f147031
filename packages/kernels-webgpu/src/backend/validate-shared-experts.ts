import {
  assertTensor,
  InvalidArgumentError,
  type MoeLayerV1,
  type SharedExpertsV1,
  UnsupportedError,
} from '@anyk/core';

/** Shared-expert objects already checked: like the weight cache uploads them once, they are scanned once. */
const validated = new WeakSet<SharedExpertsV1>();

/**
 * The shared experts of `layer` (if any) as this backend can run them, else a typed error naming the
 * argument: `count` and `f` positive integers, tensors of their shapes with finite values, `gateWeight` for
 * the sigmoid gate. Uni-MoE-2.0's `softmax-mixed` gate (and a spec with shared router columns) is
 * `UnsupportedError`: its weights come from the Uni-MoE-2 routing, which this backend does not run yet.
 */
export function validateSharedExperts(layer: MoeLayerV1): void {
  if (layer.spec.sharedExperts !== undefined) {
    throw new UnsupportedError('spec.sharedExperts (Uni-MoE-2.0 shared router columns)', 'not on WebGPU yet');
  }
  const shared = layer.weights.shared;
  if (shared === undefined || validated.has(shared)) return;
  if (shared === null || typeof shared !== 'object') {
    throw new InvalidArgumentError('weights.shared', 'an object (SharedExpertsV1) or undefined', shared);
  }
  if (shared.gate === 'softmax-mixed') {
    throw new UnsupportedError("shared experts with gate 'softmax-mixed' (Uni-MoE-2.0)", 'not on WebGPU yet');
  }
  if (shared.gate !== 'none' && shared.gate !== 'sigmoid') {
    throw new InvalidArgumentError(
      'weights.shared.gate',
      "'none', 'sigmoid' or 'softmax-mixed'",
      shared.gate,
    );
  }
  for (const key of ['count', 'f'] as const) {
    const value = shared[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new InvalidArgumentError(`weights.shared.${key}`, 'a positive integer', value);
    }
  }
  const { d } = layer.weights;
  const { count, f } = shared;
  if (layer.weights.expert.kind === 'swiglu')
    assertTensor('weights.shared.wGate', shared.wGate, [count, f, d]);
  assertTensor('weights.shared.wUp', shared.wUp, [count, f, d]);
  assertTensor('weights.shared.wDown', shared.wDown, [count, d, f]);
  if (shared.gate === 'sigmoid') assertTensor('weights.shared.gateWeight', shared.gateWeight, [d]);
  validated.add(shared);
}
