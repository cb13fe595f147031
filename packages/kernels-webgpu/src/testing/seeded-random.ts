/** A small deterministic PRNG (mulberry32) so test inputs are the same on every run and backend. */
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

/**
 * `length` values uniform in `[-scale, scale]`, rounded to float32 so the float64 reference sees exactly
 * the numbers the GPU sees.
 */
export function randomArray(random: () => number, length: number, scale = 1): Float64Array {
  const out = new Float64Array(length);
  for (let index = 0; index < length; index++) out[index] = Math.fround((random() * 2 - 1) * scale);
  return out;
}
