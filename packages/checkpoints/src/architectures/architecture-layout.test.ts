import { UnsupportedError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../checkpoint-error.ts';
import { architectureLayout } from './index.ts';

const moeIndices = (kinds: readonly string[]) =>
  kinds.flatMap((kind, index) => (kind === 'moe' ? [index] : []));

describe('dense-layer rules from config.json (transformers DecoderLayer.__init__)', () => {
  const qwen = { hidden_size: 8, moe_intermediate_size: 4, num_experts: 4, num_experts_per_tok: 2 };
  it('qwen2_moe / qwen3_moe: (i + 1) % decoder_sparse_step == 0 and i not in mlp_only_layers', () => {
    for (const model_type of ['qwen2_moe', 'qwen3_moe']) {
      const layout = architectureLayout({
        ...qwen,
        model_type,
        shared_expert_intermediate_size: 8,
        num_hidden_layers: 6,
        decoder_sparse_step: 2,
        mlp_only_layers: [3],
      });
      expect(moeIndices(layout.layerKinds), model_type).toEqual([1, 5]);
    }
    const noExperts = architectureLayout({
      ...qwen,
      model_type: 'qwen3_moe',
      num_experts: 0,
      num_hidden_layers: 2,
    });
    expect(moeIndices(noExperts.layerKinds)).toEqual([]);
  });

  it('deepseek_v3: i >= first_k_dense_replace (moe_layer_freq ignored, as transformers does)', () => {
    const layout = architectureLayout({
      model_type: 'deepseek_v3',
      hidden_size: 8,
      moe_intermediate_size: 4,
      n_routed_experts: 8,
      num_experts_per_tok: 2,
      n_group: 4,
      topk_group: 2,
      num_hidden_layers: 5,
      first_k_dense_replace: 2,
      moe_layer_freq: 2,
    });
    expect(moeIndices(layout.layerKinds)).toEqual([2, 3, 4]);
    expect(layout.routerSpec.selection).toEqual({
      kind: 'top-k',
      k: 2,
      groups: { count: 4, keep: 2, score: 'top2-sum', dropped: 'zero' },
    });
    expect(layout.routerSpec.weighting).toEqual({
      kind: 'renormalise',
      scale: 2.5,
      excludeZeroExperts: false,
    });
    expect(layout.sharedExpert).toEqual({ f: 4, gate: 'none' });
  });

  it('mixtral with top_k = num_local_experts, olmoe with norm_topk_prob', () => {
    const mixtral = architectureLayout({
      model_type: 'mixtral',
      hidden_size: 8,
      intermediate_size: 4,
      num_local_experts: 4,
      num_experts_per_tok: 4,
      num_hidden_layers: 1,
    });
    expect(mixtral.routerSpec.selection).toEqual({ kind: 'top-k', k: 4 });
    const olmoe = architectureLayout({
      model_type: 'olmoe',
      hidden_size: 8,
      intermediate_size: 4,
      num_experts: 4,
      num_experts_per_tok: 2,
      num_hidden_layers: 1,
      norm_topk_prob: true,
    });
    expect(olmoe.routerSpec.weighting.kind).toBe('renormalise');
  });

  it('refuses what the contract cannot express, and ill-typed keys, with typed errors', () => {
    const longcat = {
      model_type: 'longcat_flash',
      hidden_size: 8,
      expert_ffn_hidden_size: 4,
      n_routed_experts: 4,
      zero_expert_num: 2,
      moe_topk: 2,
      num_layers: 1,
    };
    expect(architectureLayout(longcat).routerSpec.zeroComputation).toEqual(['copy', 'copy']);
    expect(() => architectureLayout({ ...longcat, router_bias: true })).toThrow(UnsupportedError);
    expect(() => architectureLayout({ ...longcat, zero_expert_type: 'constant' })).toThrow(UnsupportedError);
    expect(() => architectureLayout({ ...longcat, moe_topk: '2' })).toThrow(CheckpointError);
    expect(() => architectureLayout({ ...longcat, moe_topk: '2' })).toThrow(/moe_topk/);
    expect(() => architectureLayout({})).toThrow(UnsupportedError);
  });
});
