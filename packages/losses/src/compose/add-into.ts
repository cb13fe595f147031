/** `target += source`, elementwise, in place (gradient accumulation). */
export function addInto(target: Float64Array, source: ArrayLike<number>): void {
  for (let index = 0; index < target.length; index++) target[index] = target[index]! + source[index]!;
}
