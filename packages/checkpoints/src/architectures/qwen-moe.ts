import { topK } from '@anyk/routers/top-k';
import { type ArchitectureLayout, projection, projectionExperts } from './architecture-layout.ts';
import type { ConfigReader } from './config-reader.ts';

/**
 * Qwen2-MoE and Qwen3-MoE (transformers `Qwen2MoeSparseMoeBlock`, `Qwen3MoeSparseMoeBlock`): softmax
 * before top-k, weights renormalised only if `norm_topk_prob` (class default false). Layer i is MoE iff
 * `i` is not in `mlp_only_layers`, `num_experts > 0` and `(i + 1) % decoder_sparse_step == 0`. Qwen2-MoE
 * adds one shared expert of width `shared_expert_intermediate_size`, scaled per token by
 * `sigmoid(x . shared_expert_gate)`.
 */
export function qwenMoeLayout(
  config: ConfigReader,
  modelType: 'qwen2_moe' | 'qwen3_moe',
): ArchitectureLayout {
  const numLayers = config.integer('num_hidden_layers', undefined, 1);
  const numExperts = config.integer('num_experts', 60, 0);
  const k = config.integer('num_experts_per_tok', 4, 1);
  const sparseStep = config.integer('decoder_sparse_step', 1, 1);
  const denseOnly = new Set(config.integers('mlp_only_layers'));
  const layerKinds = Array.from({ length: numLayers }, (_, layer) =>
    !denseOnly.has(layer) && numExperts > 0 && (layer + 1) % sparseStep === 0
      ? ('moe' as const)
      : ('dense' as const),
  );
  const hasShared = modelType === 'qwen2_moe';
  const routerExperts = Math.max(numExperts, 1);
  return {
    modelType,
    numLayers,
    hiddenSize: config.integer('hidden_size', undefined, 1),
    layerKinds,
    numExperts,
    identityExperts: 0,
    k,
    expertWidth: config.integer('moe_intermediate_size', undefined, 1),
    sharedExpert: hasShared
      ? { f: config.integer('shared_expert_intermediate_size', undefined, 1), gate: 'sigmoid' }
      : undefined,
    routerSpec: topK({
      numExperts: routerExperts,
      k: Math.min(k, routerExperts),
      weights: config.boolean('norm_topk_prob', false) ? 'renorm' : 'raw',
    }).spec(),
    moeTensors: (layer) => {
      const prefix = `model.layers.${layer}.mlp`;
      return {
        router: `${prefix}.gate.weight`,
        experts: projectionExperts(prefix, numExperts),
        shared: hasShared
          ? { ...projection(`${prefix}.shared_expert`), gateWeight: `${prefix}.shared_expert_gate.weight` }
          : undefined,
      };
    },
  };
}
