import type { LoadBalanceVariant } from '../load-balance/load-balance-loss.ts';

/**
 * One configured auxiliary loss. `coef` multiplies the loss (default 1, except where noted); ReMoE's L1
 * losses use `lambda` as their coefficient. Family hyper-parameters a loss needs (target k, groups, ...)
 * are explicit here so a config reads on its own.
 */
export type AuxLossConfig =
  | { readonly type: 'load_balance'; readonly variant: LoadBalanceVariant; readonly coef?: number }
  | { readonly type: 'z_loss'; readonly coef?: number }
  | { readonly type: 'entropy'; readonly coef?: number }
  | { readonly type: 'l1_balanced'; readonly lambda: number; readonly targetK: number }
  | { readonly type: 'l1_plain'; readonly lambda: number }
  | { readonly type: 'diversity'; readonly coef?: number }
  | { readonly type: 'simplicity'; readonly coef?: number }
  | { readonly type: 'dynmoe_balance'; readonly coef?: number }
  | { readonly type: 'efficiency'; readonly coef?: number }
  | { readonly type: 'l_aux'; readonly coef?: number }
  | {
      readonly type: 'activation_locality';
      readonly sharpness?: number;
      readonly detachTarget?: boolean;
      readonly coef?: number;
    }
  | { readonly type: 'chunk_sparsity'; readonly chunkSize: number; readonly coef?: number }
  | { readonly type: 'neg_log_prob'; readonly coef?: number }
  | { readonly type: 'ppo_clip'; readonly clipEps?: number; readonly coef?: number }
  | { readonly type: 'adamoe_balance'; readonly averageNullLoads?: boolean; readonly coef?: number }
  | { readonly type: 'heterogeneous_balance'; readonly tau?: number; readonly coef?: number }
  | {
      readonly type: 'device_balance';
      readonly groups: number;
      readonly targetFfnK: number;
      readonly k: number;
      readonly coef?: number;
    }
  | { readonly type: 'sequence_balance'; readonly k: number; readonly coef?: number }
  /** Uni-MoE-2.0: the last `sharedExperts` candidate columns are shared experts, outside the loss. */
  | { readonly type: 'uni_moe_balance'; readonly sharedExperts?: number; readonly coef?: number };

/** Every loss type name this package implements. */
export const AUX_LOSS_TYPES: readonly AuxLossConfig['type'][] = [
  'load_balance',
  'z_loss',
  'entropy',
  'l1_balanced',
  'l1_plain',
  'diversity',
  'simplicity',
  'dynmoe_balance',
  'efficiency',
  'l_aux',
  'activation_locality',
  'chunk_sparsity',
  'neg_log_prob',
  'ppo_clip',
  'adamoe_balance',
  'heterogeneous_balance',
  'device_balance',
  'sequence_balance',
  'uni_moe_balance',
];

/** How the layer's scores come from its logits (the subset of `ScoringSpecV1` the losses need). */
export type LossScoring = 'softmax' | 'sigmoid' | 'relu' | 'relu-rmsnorm' | 'cosine-sigmoid';
