import { UnsupportedError } from '@anyk/core';
import { longCat } from '@anyk/routers/longcat';
import { type ArchitectureLayout, projectionExperts } from './architecture-layout.ts';
import type { ConfigReader } from './config-reader.ts';

/**
 * LongCat-Flash (transformers `LongcatFlashMoE`): every one of the `num_layers` layers holds one MoE block
 * `mlp` over `n_routed_experts` FFN experts plus `zero_expert_num` identity experts; softmax over all
 * columns, top-`moe_topk` of `s + e_score_correction_bias` (the bias only selects), weights
 * `routed_scaling_factor * s`. A classifier bias (`router_bias`) has no place in the router contract and is
 * refused.
 */
export function longcatFlashLayout(config: ConfigReader): ArchitectureLayout {
  if (config.boolean('router_bias', false))
    throw new UnsupportedError(
      'longcat_flash with router_bias = true',
      'router logits have no bias term in RouterSpecV1',
    );
  const zeroType = config.string('zero_expert_type', 'identity');
  if (zeroType !== 'identity')
    throw new UnsupportedError(
      `longcat_flash zero_expert_type "${zeroType}"`,
      'only "identity" experts are known',
    );
  const numLayers = config.integer('num_layers', undefined, 1);
  const numExperts = config.integer('n_routed_experts', undefined, 1);
  const identityExperts = config.integer('zero_expert_num', 0, 0);
  const k = config.integer('moe_topk', undefined, 1);
  return {
    modelType: 'longcat_flash',
    numLayers,
    hiddenSize: config.integer('hidden_size', undefined, 1),
    layerKinds: Array.from({ length: numLayers }, () => 'moe' as const),
    numExperts,
    identityExperts,
    k,
    expertWidth: config.integer('expert_ffn_hidden_size', undefined, 1),
    routerSpec: longCat({
      numExperts,
      identityExperts,
      k,
      routedScalingFactor: config.number('routed_scaling_factor', 6),
    }).spec(),
    moeTensors: (layer) => {
      const prefix = `model.layers.${layer}.mlp`;
      return {
        router: `${prefix}.router.classifier.weight`,
        experts: projectionExperts(prefix, numExperts),
        selectionBias: `${prefix}.router.e_score_correction_bias`,
      };
    },
  };
}
