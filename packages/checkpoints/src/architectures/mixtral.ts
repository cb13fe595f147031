import { topK } from '@anyk/routers/top-k';
import type { ArchitectureLayout } from './architecture-layout.ts';
import type { ConfigReader } from './config-reader.ts';

/**
 * Mixtral (transformers `MixtralSparseMoeBlock`): every layer is MoE; softmax over `num_local_experts`,
 * top-`num_experts_per_tok`, weights always renormalised over the selection. Experts are stored as
 * `block_sparse_moe.experts.{j}.w1` (gate) / `w3` (up) / `w2` (down).
 */
export function mixtralLayout(config: ConfigReader): ArchitectureLayout {
  const numLayers = config.integer('num_hidden_layers', undefined, 1);
  const numExperts = config.integer('num_local_experts', 8, 1);
  const k = config.integer('num_experts_per_tok', 2, 1);
  return {
    modelType: 'mixtral',
    numLayers,
    hiddenSize: config.integer('hidden_size', undefined, 1),
    layerKinds: Array.from({ length: numLayers }, () => 'moe' as const),
    numExperts,
    identityExperts: 0,
    k,
    expertWidth: config.integer('intermediate_size', undefined, 1),
    routerSpec: topK({ numExperts, k, weights: 'renorm' }).spec(),
    moeTensors: (layer) => {
      const prefix = `model.layers.${layer}.block_sparse_moe`;
      return {
        router: `${prefix}.gate.weight`,
        experts: Array.from({ length: numExperts }, (_, expert) => ({
          gate: `${prefix}.experts.${expert}.w1.weight`,
          up: `${prefix}.experts.${expert}.w3.weight`,
          down: `${prefix}.experts.${expert}.w2.weight`,
        })),
      };
    },
  };
}
