/** A small deterministic PRNG (mulberry32) so demos and benchmarks are reproducible run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

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
