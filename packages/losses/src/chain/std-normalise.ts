/**
 * MoE++ logit normalisation: each token's logits divided by their **unbiased** standard deviation over the
 * N candidates, times `normStd` (apps/docs/site/guide/algorithms.md step 3, `moe_use_logits_norm`).
 * Needs N >= 2.
 */
export function stdNormaliseRows(
  logits: ArrayLike<number>,
  rows: number,
  columns: number,
  normStd: number,
): Float64Array {
  const result = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const { deviation } = rowMoments(logits, row, columns);
    const scale = normStd / deviation;
    for (let column = 0; column < columns; column++) {
      const index = row * columns + column;
      result[index] = logits[index]! * scale;
    }
  }
  return result;
}

/**
 * VJP of {@link stdNormaliseRows}. With `zh = c z / sigma`, `sigma` the unbiased std:
 * `dL/dz_j = (c / sigma) (g_j - (z_j - mean) / ((N - 1) sigma^2) * sum_i g_i z_i)`.
 */
export function stdNormaliseVjp(
  logits: ArrayLike<number>,
  gradNormalised: ArrayLike<number>,
  rows: number,
  columns: number,
  normStd: number,
): Float64Array {
  const gradLogits = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const { mean, deviation } = rowMoments(logits, row, columns);
    const base = row * columns;
    let dot = 0;
    for (let column = 0; column < columns; column++) {
      dot += gradNormalised[base + column]! * logits[base + column]!;
    }
    const scale = normStd / deviation;
    const coupling = dot / ((columns - 1) * deviation * deviation);
    for (let column = 0; column < columns; column++) {
      const index = base + column;
      gradLogits[index] = scale * (gradNormalised[index]! - (logits[index]! - mean) * coupling);
    }
  }
  return gradLogits;
}

function rowMoments(
  logits: ArrayLike<number>,
  row: number,
  columns: number,
): { mean: number; deviation: number } {
  const base = row * columns;
  let mean = 0;
  for (let column = 0; column < columns; column++) mean += logits[base + column]!;
  mean /= columns;
  let squares = 0;
  for (let column = 0; column < columns; column++) {
    const centred = logits[base + column]! - mean;
    squares += centred * centred;
  }
  return { mean, deviation: Math.sqrt(squares / (columns - 1)) };
}
