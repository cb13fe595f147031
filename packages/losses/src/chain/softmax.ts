/**
 * Row-wise softmax, log-softmax and logsumexp over `[rows, columns]` matrices, and the softmax VJP.
 * Every function subtracts the row maximum first, so logits around ±100 (or ±1e4) neither overflow nor
 * underflow (fixtures README §4 "Gradients").
 */

/** `softmax(logits[t, :])` for every row t. */
export function softmaxRows(logits: ArrayLike<number>, rows: number, columns: number): Float64Array {
  const probabilities = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const base = row * columns;
    let maximum = Number.NEGATIVE_INFINITY;
    for (let column = 0; column < columns; column++) {
      maximum = Math.max(maximum, logits[base + column]!);
    }
    let total = 0;
    for (let column = 0; column < columns; column++) {
      const value = Math.exp(logits[base + column]! - maximum);
      probabilities[base + column] = value;
      total += value;
    }
    for (let column = 0; column < columns; column++) {
      probabilities[base + column] = probabilities[base + column]! / total;
    }
  }
  return probabilities;
}

/** `log(sum_e exp(logits[t, e]))` for every row t (max subtracted). */
export function logSumExpRows(logits: ArrayLike<number>, rows: number, columns: number): Float64Array {
  const result = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const base = row * columns;
    let maximum = Number.NEGATIVE_INFINITY;
    for (let column = 0; column < columns; column++) {
      maximum = Math.max(maximum, logits[base + column]!);
    }
    let total = 0;
    for (let column = 0; column < columns; column++) {
      total += Math.exp(logits[base + column]! - maximum);
    }
    result[row] = maximum + Math.log(total);
  }
  return result;
}

/** `log softmax(logits[t, :])` for every row t, computed as `z - logsumexp(z)` (no `log(0)`). */
export function logSoftmaxRows(logits: ArrayLike<number>, rows: number, columns: number): Float64Array {
  const logSumExp = logSumExpRows(logits, rows, columns);
  const result = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const offset = logSumExp[row]!;
    for (let column = 0; column < columns; column++) {
      const index = row * columns + column;
      result[index] = logits[index]! - offset;
    }
  }
  return result;
}

/**
 * Vector-Jacobian product of the row softmax: given `p = softmax(z)` and `dL/dp`, returns
 * `dL/dz_j = p_j (dL/dp_j - sum_i p_i dL/dp_i)`. Losses written over probabilities use it to reach the logits.
 */
export function softmaxVjp(
  probabilities: ArrayLike<number>,
  gradProbabilities: ArrayLike<number>,
  rows: number,
  columns: number,
): Float64Array {
  const gradLogits = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const base = row * columns;
    let dot = 0;
    for (let column = 0; column < columns; column++) {
      dot += probabilities[base + column]! * gradProbabilities[base + column]!;
    }
    for (let column = 0; column < columns; column++) {
      const index = base + column;
      gradLogits[index] = probabilities[index]! * (gradProbabilities[index]! - dot);
    }
  }
  return gradLogits;
}
