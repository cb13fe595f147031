import type { MoeLayerV1 } from '../contracts/layer-v1.ts';
import type { RouterSpecV1 } from '../contracts/router-spec-v1.ts';
import type { TokenSlotsV1 } from '../contracts/routing-v1.ts';

/**
 * For each zero-computation candidate of `spec`, its row in the MoE++ constant tensors (`wc`, `v`): the
 * j-th `'constant'` expert uses row j; `-1` for `'zero'` and `'copy'`.
 */
export function constantExpertIndices(spec: RouterSpecV1): Int32Array {
  const indices = new Int32Array(spec.zeroComputation.length).fill(-1);
  let next = 0;
  spec.zeroComputation.forEach((kind, j) => {
    if (kind === 'constant') indices[j] = next++;
  });
  return indices;
}

/**
 * `(a1, a2) = softmax(W_c[constant] x')` of a MoE++ constant expert, `x' = scale * x[base .. base + d)`
 * (the expert input: MoE++ may scale what every expert reads).
 */
export function constantExpertMix(
  wc: ArrayLike<number>,
  constant: number,
  d: number,
  x: ArrayLike<number>,
  base: number,
  scale: number,
): [number, number] {
  let first = 0;
  let second = 0;
  for (let i = 0; i < d; i++) {
    const value = scale * x[base + i]!;
    first += wc[constant * 2 * d + i]! * value;
    second += wc[(constant * 2 + 1) * d + i]! * value;
  }
  const max = Math.max(first, second);
  const a = Math.exp(first - max);
  const b = Math.exp(second - max);
  return [a / (a + b), b / (a + b)];
}

/** Where `zeroExpertsBackward` adds its gradients (both `Float64Array`s the caller owns). */
export interface ZeroExpertsGradTargets {
  /** `[tokens, numExperts + Z]` gradient w.r.t. the combine weights; written at zero-computation slots. */
  readonly weights: Float64Array;
  /** `[tokens, d]` gradient w.r.t. the expert input `x' = scale * x`; the terms are added. */
  readonly expertInput: Float64Array;
}

/**
 * Backward of the zero-computation terms of a layer's gather combine: a copy expert adds `w x'_t`, a
 * constant expert `w (a1 x'_t + a2 v)` with `(a1, a2) = softmax(W_c x'_t)`, a zero expert nothing.
 * Every backend's layer backward shares this O(T Z d) per-token part (the real experts' GEMMs differ).
 * Returns the gradients of `wc` and `v`, or undefined when the spec has no constant expert.
 */
export function zeroExpertsBackward(args: {
  readonly layer: MoeLayerV1;
  readonly slots: TokenSlotsV1;
  /** `[tokens, d]` the layer input; the expert input is `scale * x`. */
  readonly x: ArrayLike<number>;
  readonly scale: number;
  readonly gradOutput: ArrayLike<number>;
  readonly into: ZeroExpertsGradTargets;
}): { wc: Float64Array; v: Float64Array } | undefined {
  const { layer, slots, x, scale, gradOutput, into } = args;
  const { spec, weights } = layer;
  const d = weights.d;
  const experts = spec.numExperts;
  const total = experts + spec.zeroComputation.length;
  const constants = constantExpertIndices(spec);
  const constantCount = spec.zeroComputation.filter((kind) => kind === 'constant').length;
  const wc = weights.constants?.wc;
  const v = weights.constants?.v;
  const wcGrad = constantCount > 0 ? new Float64Array(constantCount * 2 * d) : undefined;
  const vGrad = constantCount > 0 ? new Float64Array(constantCount * d) : undefined;
  const { kMax, slotExpert, slotWeight, kCount } = slots;
  for (let t = 0; t < slots.tokens; t++) {
    for (let j = 0; j < kCount[t]!; j++) {
      const slot = t * kMax + j;
      const expert = slotExpert[slot]!;
      if (expert < experts) continue;
      const weight = slotWeight[slot]!;
      const kind = spec.zeroComputation[expert - experts];
      if (kind === 'copy') {
        let dot = 0;
        for (let i = 0; i < d; i++) {
          const upstream = gradOutput[t * d + i]!;
          dot += upstream * scale * x[t * d + i]!;
          into.expertInput[t * d + i] = into.expertInput[t * d + i]! + weight * upstream;
        }
        into.weights[t * total + expert] = dot;
      } else if (kind === 'constant' && wc && v && wcGrad && vGrad) {
        const constant = constants[expert - experts]!;
        const [a1, a2] = constantExpertMix(wc, constant, d, x, t * d, scale);
        let dot = 0;
        let a1Grad = 0;
        let a2Grad = 0;
        for (let i = 0; i < d; i++) {
          const upstream = gradOutput[t * d + i]!;
          const xValue = scale * x[t * d + i]!;
          const vValue = v[constant * d + i]!;
          dot += upstream * (a1 * xValue + a2 * vValue);
          a1Grad += weight * upstream * xValue;
          a2Grad += weight * upstream * vValue;
          into.expertInput[t * d + i] = into.expertInput[t * d + i]! + weight * upstream * a1;
          vGrad[constant * d + i] = vGrad[constant * d + i]! + weight * upstream * a2;
        }
        into.weights[t * total + expert] = dot;
        // Softmax VJP of the two mixing logits, then through `W_c x'`.
        const mean = a1 * a1Grad + a2 * a2Grad;
        const l1Grad = a1 * (a1Grad - mean);
        const l2Grad = a2 * (a2Grad - mean);
        for (let i = 0; i < d; i++) {
          const xValue = scale * x[t * d + i]!;
          wcGrad[constant * 2 * d + i] = wcGrad[constant * 2 * d + i]! + l1Grad * xValue;
          wcGrad[(constant * 2 + 1) * d + i] = wcGrad[(constant * 2 + 1) * d + i]! + l2Grad * xValue;
          into.expertInput[t * d + i] =
            into.expertInput[t * d + i]! +
            l1Grad * wc[constant * 2 * d + i]! +
            l2Grad * wc[(constant * 2 + 1) * d + i]!;
        }
      }
    }
  }
  return wcGrad && vGrad ? { wc: wcGrad, v: vGrad } : undefined;
}
