import type { ExpertTensorV1, MoeLayerV1, MoeLayerWeightsV1 } from '../contracts/index.ts';
import { requireNumber, requireTensor } from '../util/validate.ts';
import { validateLayer } from './layer-reference.ts';
import { totalExperts, validateRouterSpec } from './validate-spec.ts';

/**
 * Everything `validateLayer` reads from the weights and the spec to check the weight tensors: when all of it
 * is identical (`===`) to a layer already validated, the weight tensors are the same arrays with the same
 * expected shapes.
 */
function weightSignature(layer: MoeLayerV1<ExpertTensorV1>): unknown[] {
  const { spec, weights } = layer;
  return [
    spec.numExperts,
    totalExperts(spec),
    spec.logits?.kind,
    spec.zeroComputation.filter((kind) => kind === 'constant').length,
    weights.d,
    weights.f,
    weights.expert?.kind,
    weights.expert?.kind === 'mlp' ? weights.expert.activation : '',
    weights.router,
    weights.wGate,
    weights.wUp,
    weights.wDown,
    weights.constants?.wc,
    weights.constants?.v,
    spec.sharedExperts?.count,
    weights.shared,
    weights.shared?.count,
    weights.shared?.f,
    weights.shared?.gate,
    weights.shared?.wGate,
    weights.shared?.wUp,
    weights.shared?.wDown,
    weights.shared?.gateWeight,
  ];
}

/**
 * Validates layers like `validateLayer`, but scans the weight tensors for non-finite values once per
 * weights object. The scan reads every weight (35M values, ~150 ms for d = 1024, f = 1408, E = 8): more
 * than a whole decode step, on any backend. `MoeLayerV1.weights` is immutable per identity (a changed
 * weight means a new weights object), the rule backends' weight caches (packed panels, device buffers)
 * rely on too, so a repeat call with the same arrays only re-checks what may differ per call: the spec,
 * `gateMap` and `expertInputScale`. One validator per backend instance.
 *
 * A layer with 16-bit expert tensors is validated on its bits (`assertExpertTensor`: dtype, length and
 * finiteness, errors naming the same arguments as for float tensors), without widening it, then remembered
 * by its own weights object like any other: for a backend that keeps 16-bit weights as 16 bits.
 */
export class LayerValidator {
  private readonly validated = new WeakMap<MoeLayerWeightsV1<ExpertTensorV1>, unknown[]>();

  validate(layer: MoeLayerV1<ExpertTensorV1>): void {
    const known = layer?.weights !== null && typeof layer?.weights === 'object';
    const previous = known ? this.validated.get(layer.weights) : undefined;
    if (previous !== undefined) {
      const total = validateRouterSpec(layer.spec).totalExperts;
      const signature = weightSignature(layer);
      if (signature.every((value, index) => previous[index] === value)) {
        if (layer.gateMap !== undefined) requireTensor('gateMap', layer.gateMap, [total, total]);
        if (layer.expertInputScale !== undefined) requireNumber('expertInputScale', layer.expertInputScale);
        return;
      }
    }
    validateLayer(layer);
    this.validated.set(layer.weights, weightSignature(layer));
  }
}
