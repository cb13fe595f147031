import { sigmoid } from './sigmoid.ts';

/** The norm clamp of `torch.nn.functional.normalize`, used by DynMoE for tokens and expert embeddings. */
export const COSINE_NORM_EPSILON = 1e-12;

/**
 * DynMoE router inputs (apps/docs/site/guide/algorithms.md): `x [T, d]`, embeddings `W_g [d, E]` (one column
 * per slot).
 */
export interface CosineSigmoidInput {
  readonly x: ArrayLike<number>;
  readonly numTokens: number;
  readonly dim: number;
  /** `[dim, numExperts]` expert embeddings, one **column** per slot. */
  readonly expertEmbeddings: ArrayLike<number>;
  readonly numExperts: number;
  /** `[numExperts]` threshold logits theta. */
  readonly thresholds: ArrayLike<number>;
  /** `[numExperts]` active-slot mask (1/0); inactive slots score 0. */
  readonly mask: ArrayLike<number>;
  /** Scale s of cosines and thresholds (1 in the DeepSpeed code). */
  readonly logitScale: number;
}

/** Everything the DynMoE losses and their VJPs read, computed once per layer. */
export interface CosineSigmoidRouting {
  /** `[T, E]` `s * cos(x_t, w_e)`: DynMoE's router logits. */
  readonly logits: Float64Array;
  /** `[T, E]` `sigmoid(logits) * mask`. */
  readonly scores: Float64Array;
  /** `[E]` threshold values `g_e = sigmoid(s * theta_e)`. */
  readonly thresholdValues: Float64Array;
  /** `[T, E]` training gate `a_te = 1{scores > g_e}` (strict), as 0/1. */
  readonly gate: Float64Array;
  /** `[T]` number of selected slots per token. */
  readonly kCount: Int32Array;
}

/** DynMoE cosine-sigmoid scores, thresholds and the training-mode gate (no inference fallback). */
export function cosineSigmoidRouting(input: CosineSigmoidInput): CosineSigmoidRouting {
  const { numTokens, numExperts, dim, logitScale } = input;
  const tokenNorms = tokenNormsOf(input.x, numTokens, dim);
  const columnNorms = columnNormsOf(input.expertEmbeddings, dim, numExperts);
  const logits = new Float64Array(numTokens * numExperts);
  const scores = new Float64Array(numTokens * numExperts);
  const gate = new Float64Array(numTokens * numExperts);
  const kCount = new Int32Array(numTokens);
  const thresholdValues = new Float64Array(numExperts);
  for (let expert = 0; expert < numExperts; expert++) {
    thresholdValues[expert] = sigmoid(logitScale * input.thresholds[expert]!);
  }
  for (let token = 0; token < numTokens; token++) {
    for (let expert = 0; expert < numExperts; expert++) {
      let dot = 0;
      for (let k = 0; k < dim; k++) {
        dot += input.x[token * dim + k]! * input.expertEmbeddings[k * numExperts + expert]!;
      }
      const cosine = dot / (tokenNorms[token]! * columnNorms[expert]!);
      const index = token * numExperts + expert;
      logits[index] = logitScale * cosine;
      const score = sigmoid(logitScale * cosine) * input.mask[expert]!;
      scores[index] = score;
      if (score > thresholdValues[expert]!) {
        gate[index] = 1;
        kCount[token] = kCount[token]! + 1;
      }
    }
  }
  return { logits, scores, thresholdValues, gate, kCount };
}

/** VJP from the scores to the logits: `dL/dz = mask * sigmoid(z) (1 - sigmoid(z)) dL/ds`. */
export function maskedSigmoidVjp(
  logits: ArrayLike<number>,
  mask: ArrayLike<number>,
  gradScores: ArrayLike<number>,
  numTokens: number,
  numExperts: number,
): Float64Array {
  const gradLogits = new Float64Array(numTokens * numExperts);
  for (let index = 0; index < gradLogits.length; index++) {
    const value = sigmoid(logits[index]!);
    const expert = index % numExperts;
    gradLogits[index] = mask[expert]! * value * (1 - value) * gradScores[index]!;
  }
  return gradLogits;
}

/** Gradients of a loss w.r.t. the DynMoE router's x and W_g. */
export interface CosineLogitsGrad {
  readonly x: Float64Array;
  readonly expertEmbeddings: Float64Array;
}

/**
 * VJP of `z_te = s * <x_t/|x_t|, w_e/|w_e|>` (norms clamped at 1e-12) to `x` and `W_g`. With
 * `xh = x/|x|`: `dL/dx = (gxh - xh <xh, gxh>) / |x|` (just `gxh / 1e-12` where the clamp is active).
 */
export function cosineLogitsVjp(
  input: Pick<
    CosineSigmoidInput,
    'x' | 'numTokens' | 'dim' | 'expertEmbeddings' | 'numExperts' | 'logitScale'
  >,
  gradLogits: ArrayLike<number>,
): CosineLogitsGrad {
  const { numTokens, numExperts, dim, logitScale } = input;
  const tokenNorms = tokenNormsOf(input.x, numTokens, dim);
  const columnNorms = columnNormsOf(input.expertEmbeddings, dim, numExperts);
  const gradUnitTokens = new Float64Array(numTokens * dim);
  const gradUnitColumns = new Float64Array(dim * numExperts);
  for (let token = 0; token < numTokens; token++) {
    for (let expert = 0; expert < numExperts; expert++) {
      const upstream = logitScale * gradLogits[token * numExperts + expert]!;
      if (upstream === 0) continue;
      const tokenNorm = tokenNorms[token]!;
      const columnNorm = columnNorms[expert]!;
      for (let k = 0; k < dim; k++) {
        const unitToken = input.x[token * dim + k]! / tokenNorm;
        const unitColumn = input.expertEmbeddings[k * numExperts + expert]! / columnNorm;
        gradUnitTokens[token * dim + k] = gradUnitTokens[token * dim + k]! + upstream * unitColumn;
        gradUnitColumns[k * numExperts + expert] =
          gradUnitColumns[k * numExperts + expert]! + upstream * unitToken;
      }
    }
  }
  const gradX = new Float64Array(numTokens * dim);
  for (let token = 0; token < numTokens; token++) {
    normaliseVjpInto(
      input.x,
      gradUnitTokens,
      gradX,
      token * dim,
      1,
      dim,
      rawNorm(input.x, token * dim, 1, dim),
    );
  }
  const gradEmbeddings = new Float64Array(dim * numExperts);
  for (let expert = 0; expert < numExperts; expert++) {
    normaliseVjpInto(
      input.expertEmbeddings,
      gradUnitColumns,
      gradEmbeddings,
      expert,
      numExperts,
      dim,
      rawNorm(input.expertEmbeddings, expert, numExperts, dim),
    );
  }
  return { x: gradX, expertEmbeddings: gradEmbeddings };
}

/**
 * VJP of the column normalisation `wh_e = w_e / max(|w_e|, 1e-12)` of `W [dim, columns]`, used by the DynMoE
 * diversity loss: maps `dL/dWh` to `dL/dW`.
 */
export function columnNormaliseVjp(
  matrix: ArrayLike<number>,
  gradNormalised: ArrayLike<number>,
  dim: number,
  columns: number,
): Float64Array {
  const grad = new Float64Array(dim * columns);
  for (let column = 0; column < columns; column++) {
    normaliseVjpInto(
      matrix,
      gradNormalised,
      grad,
      column,
      columns,
      dim,
      rawNorm(matrix, column, columns, dim),
    );
  }
  return grad;
}

/** Column norms of `W [dim, columns]`, clamped below at 1e-12. */
export function columnNormsOf(matrix: ArrayLike<number>, dim: number, columns: number): Float64Array {
  const norms = new Float64Array(columns);
  for (let column = 0; column < columns; column++) {
    norms[column] = Math.max(rawNorm(matrix, column, columns, dim), COSINE_NORM_EPSILON);
  }
  return norms;
}

function tokenNormsOf(x: ArrayLike<number>, numTokens: number, dim: number): Float64Array {
  const norms = new Float64Array(numTokens);
  for (let token = 0; token < numTokens; token++) {
    norms[token] = Math.max(rawNorm(x, token * dim, 1, dim), COSINE_NORM_EPSILON);
  }
  return norms;
}

function rawNorm(data: ArrayLike<number>, start: number, stride: number, length: number): number {
  let squares = 0;
  for (let k = 0; k < length; k++) {
    const value = data[start + k * stride]!;
    squares += value * value;
  }
  return Math.sqrt(squares);
}

function normaliseVjpInto(
  data: ArrayLike<number>,
  gradUnit: ArrayLike<number>,
  out: Float64Array,
  start: number,
  stride: number,
  length: number,
  norm: number,
): void {
  if (norm <= COSINE_NORM_EPSILON) {
    for (let k = 0; k < length; k++) {
      const index = start + k * stride;
      out[index] = out[index]! + gradUnit[index]! / COSINE_NORM_EPSILON;
    }
    return;
  }
  let dot = 0;
  for (let k = 0; k < length; k++) {
    const index = start + k * stride;
    dot += (data[index]! / norm) * gradUnit[index]!;
  }
  for (let k = 0; k < length; k++) {
    const index = start + k * stride;
    out[index] = out[index]! + (gradUnit[index]! - (data[index]! / norm) * dot) / norm;
  }
}
