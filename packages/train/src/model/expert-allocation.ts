import type { FloatArray } from '@anyk/core';
import { adaK } from '@anyk/routers/ada-k';

/** What an Ada-K allocation policy sees for one layer of one batch. */
export interface AllocationRequest {
  readonly layer: number;
  /** `[tokens, d]` the MoE input (the router's input too). */
  readonly x: FloatArray;
  readonly tokens: number;
  readonly d: number;
  /** `[kMax, d]` the layer's allocator matrix A. */
  readonly allocator: FloatArray;
  /** `[kMax]` the allocator's bias b (a linear layer's). */
  readonly allocatorBias: FloatArray;
  readonly kMax: number;
}

/** Picks each token's k (`1..kMax`) for one Ada-K layer. */
export type ExpertAllocation = (request: AllocationRequest) => Int32Array;

/** `[tokens, kMax]` allocator logits `x A^T + b` (column j means k = j + 1). */
export function allocatorLogits(request: AllocationRequest): Float64Array {
  const { x, tokens, d, allocator, allocatorBias, kMax } = request;
  const logits = new Float64Array(tokens * kMax);
  for (let token = 0; token < tokens; token++) {
    for (let choice = 0; choice < kMax; choice++) {
      let sum = allocatorBias[choice]!;
      for (let i = 0; i < d; i++) sum += x[token * d + i]! * allocator[choice * d + i]!;
      logits[token * kMax + choice] = sum;
    }
  }
  return logits;
}

/**
 * Ada-K's inference policy: `k = argmax softmax(x A^T + b)` (ties to the smaller k), as `@anyk/routers/ada-k`
 * defines it. The default wherever no training policy samples k (evaluation, the demo).
 */
export const greedyAllocation: ExpertAllocation = (request) =>
  adaK({ numExperts: request.kMax, kMax: request.kMax }).chooseK(allocatorLogits(request), request.tokens, {
    mode: 'infer',
  }).k;
