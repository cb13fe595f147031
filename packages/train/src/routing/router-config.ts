import type { ZeroExpertKind } from '@anyk/core';
import type { AuxLossConfig } from '@anyk/losses';

/**
 * Which router family an MoE layer uses, with the family's own hyper-parameters. Plain JSON, so it is
 * stored in a checkpoint's config and a loaded model routes exactly as it was trained.
 */
export type RouterConfig =
  | { readonly family: 'top-k'; readonly k: number }
  | { readonly family: 'top-p'; readonly p: number; readonly maxK?: number | undefined }
  | {
      readonly family: 'remoe';
      /** Target average active experts (sets the lambda controller's sparsity target `1 - k/E`). */
      readonly targetK: number;
      /** Initial L1 coefficient (ReMoE code: 1e-8). */
      readonly lambdaInit?: number | undefined;
      /** Controller multiplier (ReMoE code: 1.2). */
      readonly alpha?: number | undefined;
    }
  | {
      readonly family: 'dynmoe';
      readonly logitScale?: number | undefined;
      /** Run DynMoE's add/remove-expert update every this many steps (0 = never). */
      readonly adaptiveInterval?: number | undefined;
    }
  | {
      readonly family: 'moe-plus-plus';
      readonly k?: number | undefined;
      readonly zeroComputation?: readonly ZeroExpertKind[] | undefined;
    }
  | {
      readonly family: 'deepseek-v3';
      readonly k: number;
      /** Sign-step rate gamma of the selection-bias update (1e-3 in DeepSeek-V3). */
      readonly biasRate?: number | undefined;
    };

export type RouterFamilyName = RouterConfig['family'];

/**
 * The auxiliary losses a family trains with when a run does not configure its own, with explicit
 * coefficients: the papers' values where they state them (apps/docs/site/guide/algorithms.md), so a run's
 * recipe is readable from its config. ReMoE's `lambda` here is a placeholder: the trainer replaces it with
 * the controller's current value every step.
 */
export function defaultAuxLosses(router: RouterConfig): AuxLossConfig[] {
  switch (router.family) {
    case 'top-k':
      return [{ type: 'load_balance', variant: 'token-fraction', coef: 1e-2 }];
    case 'top-p':
      return [
        { type: 'entropy', coef: 1e-4 },
        { type: 'load_balance', variant: 'assignment-fraction', coef: 1e-2 },
      ];
    case 'remoe':
      return [{ type: 'l1_balanced', lambda: router.lambdaInit ?? 1e-8, targetK: router.targetK }];
    case 'dynmoe':
      return [{ type: 'l_aux', coef: 1e-2 }];
    case 'moe-plus-plus':
      return [{ type: 'heterogeneous_balance', coef: 1e-2 }];
    case 'deepseek-v3':
      return [];
  }
}
