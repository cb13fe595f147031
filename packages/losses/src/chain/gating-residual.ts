/**
 * MoE++ gating residual: `z = logits + prevLogits gateMap^T` (apps/docs/site/guide/algorithms.md step 2),
 * shapes
 * `logits, prevLogits [T, N]`, `gateMap [N, N]`. The result is also the next layer's `prevLogits`.
 */
export function gatingResidual(
  logits: ArrayLike<number>,
  prevLogits: ArrayLike<number>,
  gateMap: ArrayLike<number>,
  rows: number,
  columns: number,
): Float64Array {
  const result = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    for (let target = 0; target < columns; target++) {
      let total = logits[row * columns + target]!;
      for (let source = 0; source < columns; source++) {
        total += prevLogits[row * columns + source]! * gateMap[target * columns + source]!;
      }
      result[row * columns + target] = total;
    }
  }
  return result;
}

/** Gradients of a loss w.r.t. the three inputs of {@link gatingResidual}. */
export interface GatingResidualGrad {
  readonly logits: Float64Array;
  readonly prevLogits: Float64Array;
  readonly gateMap: Float64Array;
}

/**
 * VJP of {@link gatingResidual}: `dL/dlogits = G`, `dL/dprevLogits = G gateMap`, `dL/dgateMap = G^T prevLogits`,
 * where `G = dL/dz`.
 */
export function gatingResidualVjp(
  gradResidual: ArrayLike<number>,
  prevLogits: ArrayLike<number>,
  gateMap: ArrayLike<number>,
  rows: number,
  columns: number,
): GatingResidualGrad {
  const gradPrev = new Float64Array(rows * columns);
  const gradMap = new Float64Array(columns * columns);
  for (let row = 0; row < rows; row++) {
    for (let target = 0; target < columns; target++) {
      const upstream = gradResidual[row * columns + target]!;
      if (upstream === 0) continue;
      for (let source = 0; source < columns; source++) {
        gradPrev[row * columns + source] =
          gradPrev[row * columns + source]! + upstream * gateMap[target * columns + source]!;
        gradMap[target * columns + source] =
          gradMap[target * columns + source]! + upstream * prevLogits[row * columns + source]!;
      }
    }
  }
  return { logits: Float64Array.from(gradResidual), prevLogits: gradPrev, gateMap: gradMap };
}
