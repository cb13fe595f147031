import type { LayerForwardResultV1 } from '../contracts/kernel-backend-v1.ts';
import type { LayerGradsV1, LayerInputV1, MoeLayerV1 } from '../contracts/layer-v1.ts';
import {
  layerBackwardReference,
  layerForwardReference,
  validateLayer,
} from '../reference/layer-reference.ts';
import { totalExperts } from '../reference/validate-spec.ts';
import { requireTensor } from '../util/validate.ts';

/** The float64 reference's forward and backward of one layer call, on a selection given from outside. */
export interface ReferenceOnSelection {
  readonly forward: LayerForwardResultV1;
  readonly grads: LayerGradsV1;
}

/**
 * Runs the float64 reference layer (forward, then backward of `sum(y * gradOutput)`) with its selection
 * replaced by `selected` (`[tokens, numExperts + Z]`, 1 where an expert serves a token, before capacity
 * dropping): scores, weights, outputs and gradients are the reference's own for that selection.
 *
 * Why: where two float64 keys are closer than float32 can separate, a float32 backend may take either
 * side; its outputs are then checked against the reference evaluated on the side it took (the
 * differential fuzzer's near-tie rule in `@anyk/bench`), not against a selection it could not see.
 *
 * @throws ShapeError `selected` is not `[tokens, numExperts + Z]`; InvalidArgumentError an invalid layer or input.
 * @throws UnsupportedError a uni-moe-top-p spec (its selection and weights are one rule).
 */
export function referenceOnSelection(
  layer: MoeLayerV1,
  input: LayerInputV1,
  selected: Uint8Array,
  gradOutput: ArrayLike<number>,
): ReferenceOnSelection {
  validateLayer(layer);
  requireTensor('selected', selected, [input.tokens, totalExperts(layer.spec)]);
  const trace = layerForwardReference(layer, input, { selectionOverride: selected });
  const forward = { y: trace.y, routing: trace.routing.result, plan: trace.plan };
  return { forward, grads: layerBackwardReference(layer, input, trace, gradOutput) };
}
