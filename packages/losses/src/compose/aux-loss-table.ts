import { negLogProbHandler, ppoClipHandler } from '../ada-k/allocator-aux-handlers.ts';
import { activationLocalityHandler, chunkSparsityHandler } from '../blockffn/blockffn-aux-handlers.ts';
import { dynmoeHandler } from '../dynmoe/dynmoe-aux-handlers.ts';
import { entropyHandler } from '../entropy/entropy-aux-handler.ts';
import {
  adamoeBalanceHandler,
  deviceBalanceHandler,
  heterogeneousBalanceHandler,
  loadBalanceHandler,
  sequenceBalanceHandler,
  uniMoeBalanceHandler,
} from '../load-balance/balance-aux-handlers.ts';
import { l1BalancedHandler, l1PlainHandler } from '../remoe/l1-aux-handlers.ts';
import { zLossHandler } from '../z-loss/z-loss-aux-handler.ts';
import type { AuxLossConfig } from './aux-loss-config.ts';
import type { AuxLossHandler } from './aux-loss-handler.ts';

/**
 * Every auxiliary loss `computeLayerAuxLoss` runs, by config `type`. The `satisfies` clause makes the
 * compiler reject a type of `AuxLossConfig` without a handler (or a handler without a type), so a new loss
 * is: its function and handler in its folder, its member of the `AuxLossConfig` union, one row here.
 */
export const auxLossTable = {
  load_balance: loadBalanceHandler,
  z_loss: zLossHandler,
  entropy: entropyHandler,
  l1_balanced: l1BalancedHandler,
  l1_plain: l1PlainHandler,
  diversity: dynmoeHandler,
  simplicity: dynmoeHandler,
  dynmoe_balance: dynmoeHandler,
  efficiency: dynmoeHandler,
  l_aux: dynmoeHandler,
  activation_locality: activationLocalityHandler,
  chunk_sparsity: chunkSparsityHandler,
  neg_log_prob: negLogProbHandler,
  ppo_clip: ppoClipHandler,
  adamoe_balance: adamoeBalanceHandler,
  heterogeneous_balance: heterogeneousBalanceHandler,
  device_balance: deviceBalanceHandler,
  sequence_balance: sequenceBalanceHandler,
  uni_moe_balance: uniMoeBalanceHandler,
} as const satisfies { readonly [Type in AuxLossConfig['type']]: AuxLossHandler<Type> };

/** Every loss type name this package implements (the keys of {@link auxLossTable}). */
export const AUX_LOSS_TYPES: readonly AuxLossConfig['type'][] = Object.keys(
  auxLossTable,
) as AuxLossConfig['type'][];
