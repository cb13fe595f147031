import { InvalidArgumentError } from '@anyk/core';
import { SeededRandom } from '../random/seeded-random.ts';

/** A number of 1 to `maxDigits` digits, the digit count drawn uniformly (so short and long operands mix). */
function operand(random: SeededRandom, maxDigits: number): number {
  const digits = 1 + random.nextInt(maxDigits);
  return random.nextInt(10 ** digits);
}

/**
 * Generated multi-digit arithmetic with answers, one problem a line (`4821+937=5758`, `905-1266=-361`,
 * `74*38=2812`): operands of up to four digits (two for products). The operands are random digits (hard
 * to predict, near ln 10 nats a byte) and the answers follow from them (learnable), a byte mix no other
 * task has. Deterministic: the same `seed` and `bytes` give the same text.
 */
export function arithmeticText(bytes: number, seed: number): Uint8Array {
  if (!Number.isInteger(bytes) || bytes < 1)
    throw new InvalidArgumentError('bytes', 'a positive integer', bytes, 'arithmeticText');
  const random = new SeededRandom(seed);
  const lines: string[] = [];
  let length = 0;
  while (length < bytes) {
    const operation = random.nextInt(3);
    let line: string;
    if (operation === 2) {
      const left = operand(random, 2);
      const right = operand(random, 2);
      line = `${left}*${right}=${left * right}\n`;
    } else {
      const left = operand(random, 4);
      const right = operand(random, 4);
      line = operation === 0 ? `${left}+${right}=${left + right}\n` : `${left}-${right}=${left - right}\n`;
    }
    lines.push(line);
    length += line.length;
  }
  return new TextEncoder().encode(lines.join('')).subarray(0, bytes);
}
