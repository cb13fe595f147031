import type { FloatArray } from '@anyk/core';

/** Shape of one attention call: `sequences` independent sequences of `length` tokens, `heads` heads of `headDim`. */
export interface AttentionShape {
  readonly sequences: number;
  readonly length: number;
  readonly heads: number;
  readonly headDim: number;
}

/**
 * Causal multi-head attention core on packed `[T, heads * headDim]` q, k, v (T = sequences * length):
 * `out = softmax(q k^T / sqrt(headDim) + causal mask) v` per sequence and head. Returns the attention
 * probabilities `[sequences, heads, length, length]` (upper triangle 0) for the backward pass.
 */
export function causalAttentionForward(
  out: FloatArray,
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  shape: AttentionShape,
  probabilitiesFactory: (size: number) => FloatArray,
): FloatArray {
  const { sequences, length, heads, headDim } = shape;
  const width = heads * headDim;
  const scale = 1 / Math.sqrt(headDim);
  const probabilities = probabilitiesFactory(sequences * heads * length * length);
  const row = new Float64Array(length);
  for (let sequence = 0; sequence < sequences; sequence++) {
    const tokenBase = sequence * length;
    for (let head = 0; head < heads; head++) {
      const headOffset = head * headDim;
      const probabilityBase = (sequence * heads + head) * length * length;
      for (let i = 0; i < length; i++) {
        const qBase = (tokenBase + i) * width + headOffset;
        let max = Number.NEGATIVE_INFINITY;
        for (let j = 0; j <= i; j++) {
          const kBase = (tokenBase + j) * width + headOffset;
          let dot = 0;
          for (let c = 0; c < headDim; c++) dot += q[qBase + c]! * k[kBase + c]!;
          dot *= scale;
          row[j] = dot;
          if (dot > max) max = dot;
        }
        let sum = 0;
        for (let j = 0; j <= i; j++) {
          const value = Math.exp(row[j]! - max);
          row[j] = value;
          sum += value;
        }
        const outBase = (tokenBase + i) * width + headOffset;
        for (let c = 0; c < headDim; c++) out[outBase + c] = 0;
        for (let j = 0; j <= i; j++) {
          const probability = row[j]! / sum;
          probabilities[probabilityBase + i * length + j] = probability;
          const vBase = (tokenBase + j) * width + headOffset;
          for (let c = 0; c < headDim; c++)
            out[outBase + c] = out[outBase + c]! + probability * v[vBase + c]!;
        }
      }
    }
  }
  return probabilities;
}

/** Backward of {@link causalAttentionForward}: adds into `gradQ`, `gradK`, `gradV`. */
export function causalAttentionBackward(
  gradQ: FloatArray,
  gradK: FloatArray,
  gradV: FloatArray,
  gradOut: ArrayLike<number>,
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  shape: AttentionShape,
): void {
  const { sequences, length, heads, headDim } = shape;
  const width = heads * headDim;
  const scale = 1 / Math.sqrt(headDim);
  const gradProbability = new Float64Array(length);
  for (let sequence = 0; sequence < sequences; sequence++) {
    const tokenBase = sequence * length;
    for (let head = 0; head < heads; head++) {
      const headOffset = head * headDim;
      const probabilityBase = (sequence * heads + head) * length * length;
      for (let i = 0; i < length; i++) {
        const outBase = (tokenBase + i) * width + headOffset;
        let weighted = 0;
        for (let j = 0; j <= i; j++) {
          const probability = probabilities[probabilityBase + i * length + j]!;
          const vBase = (tokenBase + j) * width + headOffset;
          let dot = 0;
          for (let c = 0; c < headDim; c++) {
            const upstream = gradOut[outBase + c]!;
            dot += upstream * v[vBase + c]!;
            gradV[vBase + c] = gradV[vBase + c]! + probability * upstream;
          }
          gradProbability[j] = dot;
          weighted += dot * probability;
        }
        const qBase = outBase;
        for (let j = 0; j <= i; j++) {
          const probability = probabilities[probabilityBase + i * length + j]!;
          const gradScore = probability * (gradProbability[j]! - weighted) * scale;
          if (gradScore === 0) continue;
          const kBase = (tokenBase + j) * width + headOffset;
          for (let c = 0; c < headDim; c++) {
            gradQ[qBase + c] = gradQ[qBase + c]! + gradScore * k[kBase + c]!;
            gradK[kBase + c] = gradK[kBase + c]! + gradScore * q[qBase + c]!;
          }
        }
      }
    }
  }
}
