import type { ExpertPlanV1, TokenSlotsV1 } from '../contracts/routing-v1.ts';

/**
 * The stable counting-sort plan (apps/docs/site/guide/kernels.md): count rows per real expert, exclusive
 * scan, then
 * scatter slots in token order, so each expert's rows are in ascending token order. Zero-computation
 * experts (ids >= numExperts) and empty slots (-1) never enter it. Every backend must produce exactly
 * this plan, bit for bit.
 */
export function buildExpertPlan(slots: TokenSlotsV1, numExperts: number): ExpertPlanV1 {
  const { tokens, kMax, slotExpert } = slots;
  const counts = new Int32Array(numExperts);
  for (let slot = 0; slot < tokens * kMax; slot++) {
    const expert = slotExpert[slot]!;
    if (expert >= 0 && expert < numExperts) counts[expert] = counts[expert]! + 1;
  }
  const expertOffset = new Int32Array(numExperts + 1);
  for (let expert = 0; expert < numExperts; expert++) {
    expertOffset[expert + 1] = expertOffset[expert]! + counts[expert]!;
  }
  const rows = expertOffset[numExperts]!;
  const rowToken = new Int32Array(rows);
  const rowSlot = new Int32Array(rows);
  const slotRow = new Int32Array(tokens * kMax).fill(-1);
  const cursor = expertOffset.slice(0, numExperts);
  for (let token = 0; token < tokens; token++) {
    for (let j = 0; j < kMax; j++) {
      const slot = token * kMax + j;
      const expert = slotExpert[slot]!;
      if (expert < 0 || expert >= numExperts) continue;
      const row = cursor[expert]!;
      cursor[expert] = row + 1;
      rowToken[row] = token;
      rowSlot[row] = slot;
      slotRow[slot] = row;
    }
  }
  return { numExperts, expertOffset, rowToken, rowSlot, slotRow };
}
