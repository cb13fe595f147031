import { deepSeekV3 } from '@anyk/routers/deepseek-v3';
import { type ArchitectureLayout, projection, projectionExperts } from './architecture-layout.ts';
import type { ConfigReader } from './config-reader.ts';

/**
 * DeepSeek-V3 as transformers runs it (`DeepseekV3TopkRouter`, `DeepseekV3MoE`): sigmoid scores, selection
 * on `s + e_score_correction_bias` limited to the `topk_group` best of `n_group` groups (group score = sum
 * of the two largest), dropped groups filled with 0.0 (`groups.dropped: 'zero'`, not DeepSeek's -inf),
 * weights `routed_scaling_factor * s_e / sum_S s` when `norm_topk_prob` (transformers adds 1e-20 to the
 * sum; negligible against any sum of sigmoids), and `n_shared_experts` shared experts with weight 1,
 * stored as one FFN of width `n_shared_experts * moe_intermediate_size`. Layer i is MoE iff
 * `i >= first_k_dense_replace` (transformers ignores `moe_layer_freq`, `scoring_func`, `topk_method`).
 * Absent keys take the transformers config class defaults.
 */
export function deepSeekV3Layout(config: ConfigReader): ArchitectureLayout {
  const numLayers = config.integer('num_hidden_layers', undefined, 1);
  const numExperts = config.integer('n_routed_experts', 256, 1);
  const k = config.integer('num_experts_per_tok', 8, 1);
  const firstMoe = config.integer('first_k_dense_replace', 3, 0);
  const expertWidth = config.integer('moe_intermediate_size', undefined, 1);
  const sharedCount = config.integer('n_shared_experts', 1, 0);
  const nGroups = config.integer('n_group', 8, 1);
  const router = deepSeekV3({
    numExperts,
    k,
    nGroups,
    topkGroups: config.integer('topk_group', 4, 1),
    routeScale: config.number('routed_scaling_factor', 2.5),
    scoreFunc: 'sigmoid',
    groupScore: 'top2-sum',
    droppedGroups: 'zero',
    normalizeWeights: config.boolean('norm_topk_prob', true),
  });
  return {
    modelType: 'deepseek_v3',
    numLayers,
    hiddenSize: config.integer('hidden_size', undefined, 1),
    layerKinds: Array.from({ length: numLayers }, (_, layer) => (layer >= firstMoe ? 'moe' : 'dense')),
    numExperts,
    identityExperts: 0,
    k,
    expertWidth,
    sharedExpert: sharedCount > 0 ? { f: sharedCount * expertWidth, gate: 'none' } : undefined,
    routerSpec: router.spec(),
    moeTensors: (layer) => {
      const prefix = `model.layers.${layer}.mlp`;
      return {
        router: `${prefix}.gate.weight`,
        experts: projectionExperts(prefix, numExperts),
        selectionBias: `${prefix}.gate.e_score_correction_bias`,
        shared: sharedCount > 0 ? projection(`${prefix}.shared_experts`) : undefined,
      };
    },
  };
}
