import { type ExpertTensorV1, type MoeLayerV1, type RouterSpecV1, toHalfTensor } from '@anyk/core';
import { topK } from '@anyk/routers/top-k';
import type { MoeBenchWeights } from '../peers/moe-bench-weights.ts';

/** One MoE layer forward problem: weights and a batch of `tokens` tokens, shared by anyk and peers. */
export interface MoeProblem {
  readonly weights: MoeBenchWeights;
  readonly tokens: number;
  readonly x: Float32Array;
  /** Experts per token of the top-k baseline. */
  readonly k: number;
}

/** The expert weights' dtype as a MoE row states it (`f32` unless the row holds 16-bit weights). */
export type BenchWeightDtype = 'f32' | 'bf16';

/**
 * The anyk MoE layer of `problem`'s weights under `spec` (default: top-k of the problem), its expert
 * tensors rounded to BF16 (`HalfTensorV1`) when `weights` is `'bf16'`.
 */
export function anykMoeLayer(
  problem: MoeProblem,
  spec?: RouterSpecV1,
  weights: BenchWeightDtype = 'f32',
): MoeLayerV1<ExpertTensorV1> {
  const { d, f, experts, router, wGate, wUp, wDown } = problem.weights;
  const expertTensor = (values: Float32Array): ExpertTensorV1 =>
    weights === 'bf16' ? toHalfTensor(values, 'bf16') : values;
  return {
    spec: spec ?? topK({ numExperts: experts, k: problem.k }).spec(),
    weights: {
      d,
      f,
      expert: { kind: 'swiglu' },
      router,
      wGate: expertTensor(wGate),
      wUp: expertTensor(wUp),
      wDown: expertTensor(wDown),
    },
  };
}
