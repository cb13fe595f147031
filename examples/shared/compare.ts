/** Largest |a - b| / (1 + |b|) over two arrays of one length: float32 backends against the float64 oracle. */
export function maxRelativeDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) {
    throw new Error(`length ${actual.length} differs from the reference's ${expected.length}`);
  }
  let worst = 0;
  for (let index = 0; index < expected.length; index++) {
    const difference = Math.abs((actual[index] as number) - (expected[index] as number));
    worst = Math.max(worst, difference / (1 + Math.abs(expected[index] as number)));
  }
  return worst;
}
