/**
 * Offsets (in u32 elements) of the device-resident plan metadata buffer:
 * `[expertOffset (E + 1) | tileOffset (E + 1) | tileExpert (maxTiles)]`. `tileOffset[E]` is the number of
 * row tiles; `tileExpert[i]` is the expert of row tile i (vLLM's `expert_ids`).
 */
export function planMetaLayout(experts: number, maxTiles: number) {
  return {
    expertOffset: 0,
    tileOffset: experts + 1,
    tileExpert: 2 * experts + 2,
    length: 2 * experts + 2 + maxTiles,
  } as const;
}

/** The most row tiles a plan of `rows` rows over `experts` experts can have (each expert wastes < 1 tile). */
export function maxRowTiles(rows: number, experts: number, tileRows: number): number {
  return Math.ceil(rows / tileRows) + experts;
}
