import { requireNumber, requireTensor } from '@anyk/core/internal';

/**
 * DeepSeek-V3 auxiliary-loss-free balancing step (apps/docs/site/guide/algorithms.md [recall]):
 * `bias_i += gamma * sign(mean(loads) - loads_i)` with `sign(0) = 0`: overloaded experts get a lower
 * selection bias, underloaded ones a higher. gamma = 1e-3 for most of pre-training, 0 at the end [recall].
 * `loads[i]` = tokens that selected expert i this step. Pure: returns a new bias.
 */
export function signBiasStep(bias: ArrayLike<number>, loads: ArrayLike<number>, gamma: number): Float64Array {
  const context = 'signBiasStep';
  requireNumber('gamma', gamma, {}, context);
  requireTensor('bias', bias, [bias.length]);
  requireTensor('loads', loads, [bias.length]);
  let meanLoad = 0;
  for (let expert = 0; expert < loads.length; expert++) meanLoad += loads[expert]!;
  meanLoad /= loads.length;
  const next = new Float64Array(bias.length);
  for (let expert = 0; expert < bias.length; expert++) {
    next[expert] = bias[expert]! + gamma * Math.sign(meanLoad - loads[expert]!);
  }
  return next;
}
