import { InvalidArgumentError } from '@anyk/core';
import { requireInteger } from '@anyk/core/internal';

/** The four 32-bit words of a {@link SeededRandom}; saved in checkpoints so a resumed run draws the same numbers. */
export type RandomState = readonly [number, number, number, number];

/**
 * xoshiro128** with a splitmix32 seeder: a small, fast PRNG whose whole state is four uint32 words, so runs
 * are reproducible from a seed and resumable from a checkpoint (Math.random is neither).
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number | RandomState) {
    if (typeof seed === 'number') {
      requireInteger('seed', seed, { min: 0, max: 0xffffffff }, 'SeededRandom');
      let x = seed >>> 0;
      const next = (): number => {
        x = (x + 0x9e3779b9) >>> 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
        return (z ^ (z >>> 16)) >>> 0;
      };
      this.s0 = next();
      this.s1 = next();
      this.s2 = next();
      this.s3 = next();
      if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    } else {
      if (!Array.isArray(seed) || seed.length !== 4 || seed.some((word) => !Number.isInteger(word)))
        throw new InvalidArgumentError('seed', 'a number or four uint32 words', seed, 'SeededRandom');
      [this.s0, this.s1, this.s2, this.s3] = seed.map((word) => word >>> 0) as [
        number,
        number,
        number,
        number,
      ];
    }
  }

  /** A uniform uint32. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 random bits. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** Standard normal (Box-Muller, no cached second value so the state alone determines the stream). */
  nextNormal(): number {
    const u1 = (this.nextUint32() + 1) / 4294967297;
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  state(): RandomState {
    return [this.s0, this.s1, this.s2, this.s3];
  }
}

function rotl(value: number, shift: number): number {
  return ((value << shift) | (value >>> (32 - shift))) >>> 0;
}
