import type { LayerInputV1, MoeLayerV1, RouterParamsV1 } from '@anyk/core';
import { referenceOnSelection } from '@anyk/core/testing';
import { type LayerCase, seededRandom } from './random-layer-case.ts';

/**
 * The relative input noise that stands for float32 rounding: 3e-7 (about 5 float32 units in the last
 * place), the noise the fixtures' tolerances were validated with (`fixtures/README.md` §5: every file
 * passes with inputs perturbed by 3e-7 relative noise).
 */
export const float32InputNoise = 3e-7;

/** Perturbed reference runs per case (each draw is a different noise, seeded by the case). */
export const spreadDraws = 4;

/** Named tensors of one result, in comparison order (see `compare-with-reference.ts`). */
export type NamedTensors = readonly (readonly [string, ArrayLike<number> | undefined])[];

/**
 * The float64 reference's own spread under float32-level input noise: for each named tensor, per
 * element, the largest `|perturbed - unperturbed|` over {@link spreadDraws} runs of the reference on the
 * case with every float tensor (x, router, expert and constant weights, gate map, previous logits, router
 * parameters, the output cotangent) scaled elementwise by `1 + u`, `u` uniform in ±{@link float32InputNoise}
 * — all on the same selection `selected`, so the spread is the numbers' sensitivity, not a flipped choice.
 *
 * Why: a float32 backend computes every dot product with rounding errors of this order; where the float64
 * result moves by more than the tolerance under such noise (a pre-activation that cancels at |x| ~ 1e3,
 * met at a near-zero of the activation's derivative), no float32 arithmetic can be held closer than that.
 * The fuzzer adds this spread to the tolerance, and only after the plain comparison failed.
 */
export function referenceSpread(
  testCase: LayerCase,
  selected: Uint8Array,
  unperturbed: NamedTensors,
  tensorsOf: (run: ReturnType<typeof referenceOnSelection>) => NamedTensors,
): Map<string, Float64Array> {
  const spread = new Map<string, Float64Array>();
  for (const [name, values] of unperturbed) {
    if (values !== undefined) spread.set(name, new Float64Array(values.length));
  }
  for (let draw = 0; draw < spreadDraws; draw++) {
    const noisy = perturbCase(testCase, draw);
    const run = referenceOnSelection(noisy.layer, noisy.input, selected, noisy.gradOutput);
    const perturbed = new Map(tensorsOf(run));
    for (const [name, values] of unperturbed) {
      const moved = perturbed.get(name);
      const widest = spread.get(name);
      if (values === undefined || moved === undefined || widest === undefined) continue;
      for (let index = 0; index < values.length; index++) {
        widest[index] = Math.max(widest[index]!, Math.abs(moved[index]! - values[index]!));
      }
    }
  }
  return spread;
}

/** The case with every float tensor scaled elementwise by `1 + u`, `u` uniform in ±float32InputNoise. */
function perturbCase(
  testCase: LayerCase,
  draw: number,
): { layer: MoeLayerV1; input: LayerInputV1; gradOutput: Float64Array } {
  const random = seededRandom(testCase.recipe.seed ^ (0x9e3779b9 * (draw + 1)));
  const noisy = <T extends ArrayLike<number> | undefined>(values: T): T | Float64Array =>
    values === undefined
      ? values
      : Float64Array.from(values, (value) => value * (1 + float32InputNoise * (2 * random() - 1)));
  const { layer, input, gradOutput } = testCase;
  const weights = layer.weights;
  const params: RouterParamsV1 | undefined = layer.params && {
    ...layer.params,
    thresholds: noisy(layer.params.thresholds),
    gain: noisy(layer.params.gain),
    selectionBias: noisy(layer.params.selectionBias),
  };
  return {
    layer: {
      ...layer,
      weights: {
        ...weights,
        router: noisy(weights.router),
        wGate: noisy(weights.wGate),
        wUp: noisy(weights.wUp),
        wDown: noisy(weights.wDown),
        constants: weights.constants && { wc: noisy(weights.constants.wc), v: noisy(weights.constants.v) },
      },
      params,
      gateMap: noisy(layer.gateMap),
    },
    input: { ...input, x: noisy(input.x), prevLogits: noisy(input.prevLogits) },
    gradOutput: noisy(gradOutput) as Float64Array,
  };
}
