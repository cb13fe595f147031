export { seededRandom } from '@anyk/core/internal';

/** Standard normal samples (Box-Muller) from a uniform source. */
export function normalSampler(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/** A `Float32Array` of `length` normal samples times `scale`. */
export function randomNormalArray(length: number, scale: number, normal: () => number): Float32Array {
  const out = new Float32Array(length);
  for (let index = 0; index < length; index++) out[index] = normal() * scale;
  return out;
}
