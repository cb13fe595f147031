/**
 * A small deterministic PRNG (mulberry32): uniform numbers in `[0, 1)` from a 32-bit seed, the same on every
 * run, engine and platform. Tests, demos and benchmarks draw their inputs from it so a failing case is
 * reproducible from its seed. Not for cryptography, and not the trainer's generator (`@anyk/train` keeps
 * its own, whose state its checkpoints record).
 *
 * @example
 * ```ts
 * const random = seededRandom(7);
 * const x = Float32Array.from({ length: 16 }, () => random() * 2 - 1);
 * ```
 */
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
