import type { RouterParamsV1, RouterSpecV1 } from '../contracts/router-spec-v1.ts';
import { InvalidArgumentError } from '../errors/anyk-error.ts';

/**
 * MoE++ std-normalisation refuses a row whose unbiased std is at most this fraction of its largest
 * `|logit|`. Below it the row's spread is lost to float32 rounding of the logits (float32 keeps about 7
 * digits, and `z normStd / std` magnifies the rounding by `max|z| / std`), so float32 backends and the
 * float64 reference would pick different experts: every backend throws the same `InvalidArgumentError`
 * instead (an exactly constant row included).
 */
export const stdNormaliseRelativeFloor = 1e-3;

/**
 * The unbiased std of `values[offset .. offset + count)`, computed on the row divided by its largest
 * `|value|` so squares never overflow (float32 logits up to 3.4e38), or an `InvalidArgumentError` naming
 * `logits[token]` when the row is (nearly) constant (see {@link stdNormaliseRelativeFloor}).
 */
export function stdNormaliseRowStd(
  values: ArrayLike<number>,
  offset: number,
  count: number,
  token: number,
): number {
  let largest = 0;
  for (let e = 0; e < count; e++) largest = Math.max(largest, Math.abs(values[offset + e]!));
  let mean = 0;
  for (let e = 0; e < count; e++) mean += values[offset + e]! / largest;
  mean /= count;
  let variance = 0;
  for (let e = 0; e < count; e++) variance += (values[offset + e]! / largest - mean) ** 2;
  const relativeStd = Math.sqrt(variance / (count - 1));
  if (!(largest > 0) || !(relativeStd > stdNormaliseRelativeFloor)) {
    throw new InvalidArgumentError(
      `logits[${token}]`,
      `spread out (std-normalisation needs a std above ${stdNormaliseRelativeFloor} of the largest |logit|)`,
      largest > 0 ? `a row with relative std ${relativeStd.toPrecision(3)}` : 'an all-zero row',
    );
  }
  return relativeStd * largest;
}

/**
 * Log-scores where they are well defined and monotone in the scoring input, so renormalisation can run as
 * a max-subtracted softmax over the selection: the selected experts' probabilities may all underflow
 * (softmax logits `[0, -1, -2, 400]`, the null expert at 400) while their ratios are ordinary numbers.
 * - `softmax`: `z` (the normaliser cancels in the ratio);
 * - `sigmoid` without a mask: `log sigmoid(z) = -softplus(-z)`.
 * Undefined for the other scorings (ReLU scores are linear in `z` and renormalise as plain ratios).
 */
export function logScoreKind(spec: RouterSpecV1, params: RouterParamsV1): 'softmax' | 'sigmoid' | undefined {
  if (spec.scoring.kind === 'softmax') return 'softmax';
  if (spec.scoring.kind === 'sigmoid' && params.mask === undefined) return 'sigmoid';
  return undefined;
}

/** `log(sigmoid(z))` without overflow: `-(max(-z, 0) + log1p(exp(-|z|)))`. */
export function logSigmoid(z: number): number {
  return -(Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z))));
}

/**
 * Fills `ratios[e]` with `s_e / sum_{k in S'} s_k` for the experts of one row that take part (`members`),
 * 0 elsewhere, without forming the sum of scores: log-scores go through a max-subtracted softmax, plain
 * scores are divided by their largest member first. Returns false when the sum is 0 (every member scores
 * 0), in which case the contract gives all weights 0.
 */
export function renormaliseRatios(
  kind: 'softmax' | 'sigmoid' | undefined,
  normalisedLogits: ArrayLike<number>,
  scores: ArrayLike<number>,
  row: number,
  count: number,
  members: (expert: number) => boolean,
  ratios: Float64Array,
): boolean {
  ratios.fill(0);
  const key = (e: number): number => {
    const z = normalisedLogits[row + e]!;
    if (kind === 'softmax') return z;
    if (kind === 'sigmoid') return logSigmoid(z);
    return scores[row + e]!;
  };
  let largest = Number.NEGATIVE_INFINITY;
  for (let e = 0; e < count; e++) if (members(e)) largest = Math.max(largest, key(e));
  if (largest === Number.NEGATIVE_INFINITY) return false;
  if (kind === undefined && !(largest > 0)) return false;
  let sum = 0;
  for (let e = 0; e < count; e++) {
    if (!members(e)) continue;
    const value = kind === undefined ? key(e) / largest : Math.exp(key(e) - largest);
    ratios[e] = value;
    sum += value;
  }
  for (let e = 0; e < count; e++) ratios[e] = ratios[e]! / sum;
  return true;
}
