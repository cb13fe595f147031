import { topK } from '@anyk/routers/top-k';
import { type ArchitectureLayout, projectionExperts } from './architecture-layout.ts';
import type { ConfigReader } from './config-reader.ts';

/**
 * OLMoE (transformers `OlmoeSparseMoeBlock`): every layer is MoE, softmax before top-k, weights
 * renormalised only if `norm_topk_prob` (default false, as in OLMoE-1B-7B); expert width
 * `intermediate_size`.
 */
export function olmoeLayout(config: ConfigReader): ArchitectureLayout {
  const numLayers = config.integer('num_hidden_layers', undefined, 1);
  const numExperts = config.integer('num_experts', 64, 1);
  const k = config.integer('num_experts_per_tok', 8, 1);
  return {
    modelType: 'olmoe',
    numLayers,
    hiddenSize: config.integer('hidden_size', undefined, 1),
    layerKinds: Array.from({ length: numLayers }, () => 'moe' as const),
    numExperts,
    identityExperts: 0,
    k,
    expertWidth: config.integer('intermediate_size', undefined, 1),
    routerSpec: topK({
      numExperts,
      k,
      weights: config.boolean('norm_topk_prob', false) ? 'renorm' : 'raw',
    }).spec(),
    moeTensors: (layer) => {
      const prefix = `model.layers.${layer}.mlp`;
      return { router: `${prefix}.gate.weight`, experts: projectionExperts(prefix, numExperts) };
    },
  };
}
