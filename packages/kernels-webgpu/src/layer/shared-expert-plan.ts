import type { ExpertPlanV1 } from '@anyk/core';
import { planMetaLayout } from '../kernels/plan-layout.ts';

/**
 * The plan of a layer's S shared experts over a batch of T tokens: every shared expert is a segment holding
 * every token, in token order (row `s T + t` is token t of shared expert s), so the routed experts' grouped
 * GEMM kernels (and their backward) run the shared experts unchanged, at the shared width `f_s`. Slots are
 * token-major `[T, S]` (slot `t S + s`, expert s): the combine sums a token's S rows as it sums its routed
 * ones, and the rows' combine weights are the shared weights `a_ts` in that order. Known on the host from
 * (T, S) alone, so nothing is read back to build it.
 */
export interface SharedExpertPlan {
  /** As core's plan of S experts: `expertOffset [S + 1]`, `rowToken` / `rowSlot [S T]`, `slotRow [T S]`. */
  readonly plan: ExpertPlanV1;
  /** `[T, S]` the expert of every slot (`s`), for the backward's per-token row sums. */
  readonly slotExpert: Int32Array;
  /** Row tiles of `tileRows` rows: `ceil(T / tileRows)` per shared expert. */
  readonly tiles: number;
  /** The device plan metadata (`planMetaLayout(S, tiles)`), as the plan scan writes it for routed experts. */
  readonly planMeta: Uint32Array;
}

export function sharedExpertPlan(tokens: number, count: number, tileRows: number): SharedExpertPlan {
  const rows = tokens * count;
  const expertOffset = new Int32Array(count + 1);
  const rowToken = new Int32Array(rows);
  const rowSlot = new Int32Array(rows);
  const slotRow = new Int32Array(rows);
  const slotExpert = new Int32Array(rows);
  for (let expert = 0; expert < count; expert++) {
    expertOffset[expert + 1] = (expert + 1) * tokens;
    for (let token = 0; token < tokens; token++) {
      const row = expert * tokens + token;
      const slot = token * count + expert;
      rowToken[row] = token;
      rowSlot[row] = slot;
      slotRow[slot] = row;
      slotExpert[slot] = expert;
    }
  }
  const tilesPerExpert = Math.ceil(tokens / tileRows);
  const tiles = tilesPerExpert * count;
  const layout = planMetaLayout(count, tiles);
  const planMeta = new Uint32Array(layout.length);
  for (let expert = 0; expert <= count; expert++) {
    planMeta[layout.expertOffset + expert] = expert * tokens;
    planMeta[layout.tileOffset + expert] = expert * tilesPerExpert;
  }
  for (let tile = 0; tile < tiles; tile++)
    planMeta[layout.tileExpert + tile] = Math.floor(tile / tilesPerExpert);
  return {
    plan: { numExperts: count, expertOffset, rowToken, rowSlot, slotRow },
    slotExpert,
    tiles,
    planMeta,
  };
}
