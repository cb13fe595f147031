export { seededRandom } from '@anyk/core/internal';

/** `length` uniform values in `[low, high)`. */
export function uniformArray(random: () => number, length: number, low = -1, high = 1): Float64Array {
  return Float64Array.from({ length }, () => low + (high - low) * random());
}

/** Uniform values kept at least `margin` away from 0 (so ReLU kinks are never straddled by a step). */
export function awayFromZero(random: () => number, length: number, scale = 2, margin = 0.05): Float64Array {
  return Float64Array.from({ length }, () => {
    const magnitude = margin + (scale - margin) * random();
    return random() < 0.5 ? -magnitude : magnitude;
  });
}

/** Central finite differences of a scalar function of `point` (float64, step h). */
export function numericGradient(
  fn: (point: Float64Array) => number,
  point: Float64Array,
  step = 1e-6,
): Float64Array {
  const gradient = new Float64Array(point.length);
  const probe = Float64Array.from(point);
  for (let index = 0; index < point.length; index++) {
    const original = probe[index]!;
    probe[index] = original + step;
    const plus = fn(probe);
    probe[index] = original - step;
    const minus = fn(probe);
    probe[index] = original;
    gradient[index] = (plus - minus) / (2 * step);
  }
  return gradient;
}

/**
 * Largest violation of `|analytic - numeric| <= rel * max(floor, max|numeric|)`; returns a message or
 * undefined. The floor keeps all-tiny gradients from demanding absolute precision below FD noise.
 */
export function gradientMismatch(
  analytic: ArrayLike<number>,
  numeric: ArrayLike<number>,
  rel = 1e-5,
  floor = 1e-2,
): string | undefined {
  if (analytic.length !== numeric.length) return `length ${analytic.length} vs ${numeric.length}`;
  let scale = floor;
  for (let index = 0; index < numeric.length; index++) scale = Math.max(scale, Math.abs(numeric[index]!));
  for (let index = 0; index < numeric.length; index++) {
    const error = Math.abs(analytic[index]! - numeric[index]!);
    if (!(error <= rel * scale)) {
      return `element ${index}: analytic ${analytic[index]}, numeric ${numeric[index]} (error ${error.toExponential(2)}, allowed ${(rel * scale).toExponential(2)})`;
    }
  }
  return undefined;
}

/** `sum_i weights_i * values_i`: turns a vector-valued map into a scalar for VJP checks. */
export function dotWith(weights: ArrayLike<number>, values: ArrayLike<number>): number {
  let total = 0;
  for (let index = 0; index < values.length; index++) total += weights[index]! * values[index]!;
  return total;
}
