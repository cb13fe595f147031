import type { FloatArray } from '@anyk/core';

/**
 * Plain row-major matrix products for the dense parts of the model (embeddings, attention projections, LM
 * head). The MoE layers run on a `KernelBackendV1`; these small products stay in JS, written so the inner
 * loop is contiguous (V8 keeps it in registers), with offsets so callers can address sub-blocks.
 */

/** `out[i, j] (+)= sum_p a[i, p] * b[j, p]`, `a [m, k]`, `b [n, k]` (`y = x W^T`). */
export function matmulTransposedB(
  out: FloatArray,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  n: number,
  k: number,
  accumulate = false,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    const outRow = i * n;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const b0 = j * k;
      const b1 = b0 + k;
      let sum0 = 0;
      let sum1 = 0;
      for (let p = 0; p < k; p++) {
        const value = a[aRow + p]!;
        sum0 += value * b[b0 + p]!;
        sum1 += value * b[b1 + p]!;
      }
      if (accumulate) {
        out[outRow + j] = out[outRow + j]! + sum0;
        out[outRow + j + 1] = out[outRow + j + 1]! + sum1;
      } else {
        out[outRow + j] = sum0;
        out[outRow + j + 1] = sum1;
      }
    }
    for (; j < n; j++) {
      const b0 = j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[aRow + p]! * b[b0 + p]!;
      out[outRow + j] = accumulate ? out[outRow + j]! + sum : sum;
    }
  }
}

/** `out[i, j] (+)= sum_p a[i, p] * b[p, j]`, `a [m, k]`, `b [k, n]` (`dx = dy W`). */
export function matmul(
  out: FloatArray,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  n: number,
  k: number,
  accumulate = false,
): void {
  if (!accumulate) out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const outRow = i * n;
    for (let p = 0; p < k; p++) {
      const value = a[i * k + p]!;
      if (value === 0) continue;
      const bRow = p * n;
      for (let j = 0; j < n; j++) out[outRow + j] = out[outRow + j]! + value * b[bRow + j]!;
    }
  }
}

/** `out[i, j] (+)= sum_p a[p, i] * b[p, j]`, `a [k, m]`, `b [k, n]` (`dW = dy^T x`). */
export function matmulTransposedA(
  out: FloatArray,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  n: number,
  k: number,
  accumulate = false,
): void {
  if (!accumulate) out.fill(0, 0, m * n);
  for (let p = 0; p < k; p++) {
    const aRow = p * m;
    const bRow = p * n;
    for (let i = 0; i < m; i++) {
      const value = a[aRow + i]!;
      if (value === 0) continue;
      const outRow = i * n;
      for (let j = 0; j < n; j++) out[outRow + j] = out[outRow + j]! + value * b[bRow + j]!;
    }
  }
}
