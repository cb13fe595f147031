export { seededRandom } from '@anyk/core/internal';

/**
 * `length` values uniform in `[-scale, scale]`, rounded to float32 so the float64 reference sees exactly
 * the numbers the GPU sees.
 */
export function randomArray(random: () => number, length: number, scale = 1): Float64Array {
  const out = new Float64Array(length);
  for (let index = 0; index < length; index++) out[index] = Math.fround((random() * 2 - 1) * scale);
  return out;
}
