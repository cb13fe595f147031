/**
 * Small, independent selection helpers for the tests (the routers package owns the real ones): they
 * rebuild the selection each balance loss counts, with the fixtures' tie rule (lower index first).
 */

/** Indices of `values` sorted descending, ties by lower index (a stable descending sort). */
export function descendingOrder(values: ArrayLike<number>, start: number, length: number): number[] {
  const order = Array.from({ length }, (_, index) => index);
  order.sort((left, right) => values[start + right]! - values[start + left]! || left - right);
  return order;
}

/** Dense 0/1 mask of the k largest entries per row (of `values`, optionally plus a per-column bias). */
export function topKMask(
  values: ArrayLike<number>,
  rows: number,
  columns: number,
  k: number,
  bias?: ArrayLike<number>,
): Float64Array {
  const mask = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const biased = Array.from({ length: columns }, (_, column) => {
      return values[row * columns + column]! + (bias ? bias[column]! : 0);
    });
    for (const column of descendingOrder(biased, 0, columns).slice(0, k)) mask[row * columns + column] = 1;
  }
  return mask;
}

/** Top-p: the sorted prefix up to and including the first expert whose cumulative sum is > p; maxK caps it. */
export function topPMask(
  probabilities: ArrayLike<number>,
  rows: number,
  columns: number,
  p: number,
  maxK?: number,
): Float64Array {
  const mask = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const order = descendingOrder(probabilities, row * columns, columns);
    let cumulative = 0;
    let kept = columns;
    for (let position = 0; position < columns; position++) {
      cumulative += probabilities[row * columns + order[position]!]!;
      if (cumulative > p) {
        kept = position + 1;
        break;
      }
    }
    if (maxK !== undefined) kept = Math.min(kept, maxK);
    for (const column of order.slice(0, kept)) mask[row * columns + column] = 1;
  }
  return mask;
}

/** DeepSeek-V3 group-limited top-k on `scores + bias` (group score: sum of the two largest, or max). */
export function groupLimitedTopKMask(
  scores: ArrayLike<number>,
  bias: ArrayLike<number>,
  rows: number,
  columns: number,
  k: number,
  groups: number,
  keepGroups: number,
  groupScore: 'top2-sum' | 'max',
): Float64Array {
  const mask = new Float64Array(rows * columns);
  const groupSize = columns / groups;
  for (let row = 0; row < rows; row++) {
    const biased = Array.from(
      { length: columns },
      (_, column) => scores[row * columns + column]! + bias[column]!,
    );
    const groupScores = Array.from({ length: groups }, (_, group) => {
      const members = biased.slice(group * groupSize, (group + 1) * groupSize).sort((a, b) => b - a);
      return groupScore === 'max' || members.length < 2 ? members[0]! : members[0]! + members[1]!;
    });
    const kept = new Set(descendingOrder(groupScores, 0, groups).slice(0, keepGroups));
    const candidates = biased.map((value, column) =>
      kept.has(Math.floor(column / groupSize)) ? value : Number.NEGATIVE_INFINITY,
    );
    for (const column of descendingOrder(candidates, 0, columns).slice(0, k))
      mask[row * columns + column] = 1;
  }
  return mask;
}
