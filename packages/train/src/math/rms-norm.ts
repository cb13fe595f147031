import type { FloatArray } from '@anyk/core';

/**
 * RMSNorm `y = g * x / sqrt(mean(x^2) + eps)` per row; returns the per-row inverse RMS the backward needs.
 */
export function rmsNormForward(
  out: FloatArray,
  x: ArrayLike<number>,
  gain: ArrayLike<number>,
  rows: number,
  width: number,
  eps: number,
): Float64Array {
  const inverseRms = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const base = row * width;
    let sumSquares = 0;
    for (let i = 0; i < width; i++) sumSquares += x[base + i]! ** 2;
    const inverse = 1 / Math.sqrt(sumSquares / width + eps);
    inverseRms[row] = inverse;
    for (let i = 0; i < width; i++) out[base + i] = x[base + i]! * inverse * gain[i]!;
  }
  return inverseRms;
}

/**
 * Backward of {@link rmsNormForward}: adds `dL/dx` into `gradX` and `dL/dg` into `gradGain`.
 * `dx = r (g dy) - x r^3 sum(g dy x) / width`, `r` the inverse RMS.
 */
export function rmsNormBackward(
  gradX: FloatArray,
  gradGain: FloatArray,
  gradOut: ArrayLike<number>,
  x: ArrayLike<number>,
  gain: ArrayLike<number>,
  inverseRms: Float64Array,
  rows: number,
  width: number,
): void {
  for (let row = 0; row < rows; row++) {
    const base = row * width;
    const inverse = inverseRms[row]!;
    let dot = 0;
    for (let i = 0; i < width; i++) {
      const upstream = gradOut[base + i]!;
      const value = x[base + i]!;
      dot += upstream * gain[i]! * value;
      gradGain[i] = gradGain[i]! + upstream * value * inverse;
    }
    const correction = (dot * inverse * inverse * inverse) / width;
    for (let i = 0; i < width; i++) {
      gradX[base + i] =
        gradX[base + i]! + gradOut[base + i]! * gain[i]! * inverse - x[base + i]! * correction;
    }
  }
}
