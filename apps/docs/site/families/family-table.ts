/**
 * The one table every routing-family page is generated from (`[family].md` + `[family].paths.ts`), and
 * the sidebar too. A new family in `@anyk/routers` shows up on the site by adding one entry here and one
 * widget in `family-widgets.ts`. Plain data: the config and the page loader import it in Node.
 */
export interface FamilyDefault {
  readonly key: string;
  readonly value: string;
  /** Where the default comes from: the authors' code, an official config, the paper, or anyk's own choice. */
  readonly source: string;
}

export interface FamilyPage {
  /** URL segment, and the `@anyk/routers/<id>` subpath. */
  readonly id: string;
  readonly title: string;
  /** Factory exported by the subpath. */
  readonly factory: string;
  /** One sentence: what the family does differently. */
  readonly summary: string;
  readonly paper: string;
  /** The authors' code (or the code we follow), repository and file. */
  readonly code: string;
  /** The rule, one line per step, in plain math notation. */
  readonly formula: readonly string[];
  /** Where the paper and the code differ, and what anyk does. */
  readonly paperVsCode: readonly string[];
  readonly defaults: readonly FamilyDefault[];
  /** State updated outside back-propagation, and family extras. */
  readonly stateUpdates: string;
  /** Loss pages (ids in `losses/loss-table.ts`) the family trains with, and why. */
  readonly losses: readonly { readonly id: string; readonly why: string }[];
  /** A short usage example. */
  readonly example: string;
}

const required = 'required';

export const families: readonly FamilyPage[] = [
  {
    id: 'top-k',
    title: 'Top-k (Switch, GShard, Mixtral)',
    factory: 'topK',
    summary:
      'The fixed-k baseline every dynamic family is compared with: each token takes its k best experts.',
    paper:
      'Fedus et al. 2021, "Switch Transformers"; Lepikhin et al. 2020, "GShard"; Jiang et al. 2024, "Mixtral of Experts"',
    code: 'huggingface/transformers `models/mixtral/modeling_mixtral.py` (`MixtralSparseMoeBlock`), `models/switch_transformers` (`SwitchTransformersTop1Router`); Megatron-core `moe_utils.py` (`topk_softmax_with_capacity`)',
    formula: [
      'p_t = softmax(W x_t)',
      'S_t = top-k(p_t)   (ties: the lower expert id wins)',
      "w_te = p_te / Σ_{e'∈S_t} p_te'   (Mixtral, 'renorm')   or   w_te = p_te   (Switch, 'raw')",
      'optional capacity C = min(T, ceil(T k f / E)): overflowing (token, expert) pairs are dropped',
    ],
    paperVsCode: [
      'Switch keeps the raw probability (so the weight is below 1); Mixtral and Megatron "post-softmax" renormalise over the k selected experts.',
      'GShard samples its second expert (DeepSpeed adds Gumbel noise); anyk is deterministic: the second-largest probability.',
      'Capacity is off by default (dropless, like Mixtral). With a capacity factor, anyk follows Megatron\'s "probs" drop policy: each expert keeps its highest-probability assignments.',
    ],
    defaults: [
      { key: 'numExperts', value: required, source: '' },
      { key: 'k', value: required, source: 'Switch 1, Mixtral 2' },
      { key: 'weights', value: "'renorm'", source: 'Mixtral / Megatron post-softmax [code]' },
      { key: 'capacityFactor', value: 'off (dropless)', source: 'Megatron drop policy when set [code]' },
    ],
    stateUpdates: 'None: capacity counters are per batch.',
    losses: [
      {
        id: 'load-balance',
        why: 'Switch load balance `c E Σ f_e P_e`, c = 1e-2 (Switch, ST-MoE), 1e-3 in the Hugging Face configs.',
      },
      { id: 'z-loss', why: 'ST-MoE router z-loss for stability, c_z = 1e-3.' },
    ],
    example: `import { topK } from '@anyk/routers/top-k';
const router = topK({ numExperts: 8, k: 2 }); // Mixtral: renormalised top-2`,
  },
  {
    id: 'top-p',
    title: 'Top-p (MoE-Dynamic)',
    factory: 'topP',
    summary:
      'Each token keeps the smallest set of most-probable experts whose probability mass passes p: confident tokens use one expert, unsure ones several.',
    paper: 'Huang et al. 2024, "Harder Tasks Need More Experts: Dynamic Routing in MoE Models"',
    code: 'ZhenweiAn/Dynamic_MoE `modeling/modeling_moe.py` (`top_p_sampling_batched_all_sequence`), `modeling/configuration_moe.py`',
    formula: [
      'p_t = softmax(W x_t)',
      'sort p_t descending: q_1 ≥ q_2 ≥ …, cumulative c_j = q_1 + … + q_j',
      'm = min { j : c_j > p }   (strictly greater; the expert that crosses p is included)',
      'S_t = the first m experts;   w_te = p_te   (raw probabilities, not renormalised)',
    ],
    paperVsCode: [
      'The paper writes the rule with "≥ p"; the code uses "> p". anyk follows the code: with p = 0.4 and probabilities (0.4, 0.35, 0.25) a token takes two experts.',
      'When no cumulative sum exceeds p (p ≥ 1) the code keeps every expert; so does anyk.',
      'The code has no cap on k. anyk adds an optional `maxK` (off by default).',
      'The released repository is inference-only: the entropy ("dynamic") loss and its coefficients are from the paper.',
    ],
    defaults: [
      { key: 'numExperts', value: required, source: '' },
      { key: 'p', value: '0.4', source: 'Dynamic_MoE `top_p_threshold` [cfg]' },
      { key: 'maxK', value: 'off', source: 'anyk extension' },
    ],
    stateUpdates: 'None.',
    losses: [
      {
        id: 'entropy',
        why: 'The dynamic loss `-Σ p log p` sharpens p so fewer experts pass the threshold (β = 1e-4, paper).',
      },
      {
        id: 'load-balance',
        why: 'Switch-style balance, best normalised per assignment when k varies (α = 1e-2, paper).',
      },
    ],
    example: `import { topP } from '@anyk/routers/top-p';
const router = topP({ numExperts: 8, p: 0.4 });`,
  },
  {
    id: 'dynmoe',
    title: 'DynMoE (Top-Any)',
    factory: 'dynMoE',
    summary:
      'Each expert has a trainable threshold; a token takes every expert whose cosine gate passes it, and the number of experts itself grows and shrinks during training.',
    paper:
      'Guo et al. 2024, "Dynamic Mixture of Experts: An Auto-Tuning Approach for Efficient Transformer Models"',
    code: 'LINs-lab/DynMoE `DeepSpeed-0.9.5/deepspeed/moe/sharded_moe.py` (`GAMoEGateT`, `topanygating_opt`, `adaptive_update_experts`), `deepspeed/moe/loss.py`',
    formula: [
      's_te = sigmoid(τ · cos(x_t, w_e)) · mask_e',
      'g_e = sigmoid(τ · θ_e)   (θ = 0 gives 0.5: an expert is chosen iff the cosine is positive)',
      'a_te = 1 if s_te > g_e (strict), else 0;   k_t = Σ_e a_te',
      'training: k_t = 0 is allowed (output 0);   inference: k_t = 0 falls back to argmax_e s_te',
      'w_te = a_te / k_t   (uniform: the sigmoid scores are not weights)',
    ],
    paperVsCode: [
      'The paper trains with diversity + simplicity losses; the code path actually used (`topanygating_opt`) adds a load balance and an efficiency term. anyk implements all four.',
      'A newly added expert gets its embedding and threshold reset; the code leaves its FFN weights and optimiser moments as they were, and so does anyk.',
      'The DeepSpeed variant (recommended by the authors) does not train the temperature: τ = 1.',
    ],
    defaults: [
      { key: 'numExperts', value: `${required} (slots E_max)`, source: '' },
      { key: 'logitScale', value: '1', source: 'DeepSpeed `tau_log` not trained, at most 100 [code]' },
      { key: 'mode', value: "'train'", source: "'infer' adds the argmax fallback [code]" },
    ],
    stateUpdates:
      '`adaptiveUpdate(window)`: every 900 forward passes (record 300) the code removes active experts that got no token, then activates the first inactive slot with `U/‖U‖` (U = sum of uncovered tokens) and θ = 0. Per call: `params.thresholds` and `params.mask`.',
    losses: [
      { id: 'dynmoe', why: 'Diversity, simplicity, balance and efficiency terms, coefficient 0.01 [cfg].' },
    ],
    example: `import { dynMoE } from '@anyk/routers/dynmoe';
const gate = dynMoE({ numExperts: 8 });
const inference = gate.spec({ mode: 'infer' }); // adds the argmax fallback`,
  },
  {
    id: 'remoe',
    title: 'ReMoE (ReLU routing)',
    factory: 'reMoE',
    summary:
      'A ReLU replaces top-k: every positive logit is an active expert, and an adaptive L1 penalty steers the average number of experts to a target.',
    paper:
      'Wang, Zhu, Chen 2025, "ReMoE: Fully Differentiable Mixture-of-Experts with ReLU Routing" (ICLR 2025)',
    code: 'thu-ml/ReMoE (Megatron-LM fork) `megatron/core/transformer/moe/router.py` (`ReLURouter`), `megatron/training/training.py`',
    formula: [
      'G_t = ReLU(W x_t)',
      'S_t = { e : G_te > 0 }   (k_t anywhere in 0..E)',
      'w_te = G_te   (the ReLU value itself, not normalised)',
    ],
    paperVsCode: [
      'The paper first describes a plain L1 penalty; the code only has the load-balanced L1. anyk ships both.',
      'The paper averages the penalty over layers; the code sums one loss per layer. anyk sums, like the code.',
      "λ at exactly the target sparsity: the paper leaves it unchanged, the code divides by α. anyk follows the code (`rule: 'paper'` opts out).",
    ],
    defaults: [
      { key: 'numExperts', value: required, source: '' },
      { key: 'targetK', value: '1', source: '`--moe-router-topk` in the released scripts [cfg]' },
    ],
    stateUpdates:
      '`targetSparsity = 1 − targetK / E` feeds the λ controller (`remoeLambdaUpdate` in `@anyk/losses`): λ × 1.2 when too dense, ÷ 1.2 otherwise, from λ₀ = 1e-8.',
    losses: [
      { id: 'remoe', why: 'Load-balanced L1 `λ E/(k T²) Σ_e n_e Σ_t G_te`, λ steered by the controller.' },
    ],
    example: `import { reMoE } from '@anyk/routers/remoe';
const router = reMoE({ numExperts: 8, targetK: 1 });
router.targetSparsity; // 0.875`,
  },
  {
    id: 'blockffn',
    title: 'BlockFFN',
    factory: 'blockFFN',
    summary:
      'ReLU routing followed by an RMS normalisation with a learnable per-expert gain, trained for sparsity that is shared across neighbouring tokens (chunks).',
    paper:
      'Song et al. 2025, "BlockFFN: Towards End-Side Acceleration-Friendly Mixture-of-Experts with Chunk-Level Activation Sparsity"',
    code: 'thunlp/BlockFFN `pretrain/cpm/dragonfly/blockffn.py`, `moe_modules.py`, `activation_context.py`',
    formula: [
      'a_t = ReLU(W x_t)',
      'r_t = a_t / sqrt(mean_e a_te² + ε)   (0 when a_t = 0)',
      'w_te = γ_e · r_te   (γ learnable, init 1)',
      'S_t = { e : a_te > 0 }',
    ],
    paperVsCode: [
      'The activation-locality loss does not detach its target in the code, so gradient reaches both tokens; anyk exposes `detachTarget` (default false, like the code).',
      'The released recipe switches off the entropy, L1 and balance terms present in the code (coefficient 0).',
    ],
    defaults: [
      { key: 'numExperts', value: required, source: '' },
      { key: 'eps', value: '1e-5', source: 'RMSNorm eps [cfg]' },
    ],
    stateUpdates:
      'Parameters `router` and `gain` (init 1); each call needs `params.gain`. The chunk-sparsity coefficient follows an adaptive schedule (`chunkSchedulerStep` in `@anyk/losses`).',
    losses: [
      {
        id: 'blockffn',
        why: 'Activation locality (2e-3) and chunk sparsification (5e-2, adaptive, chunks of 64) [cfg].',
      },
    ],
    example: `import { blockFFN } from '@anyk/routers/blockffn';
const router = blockFFN({ numExperts: 48 });`,
  },
  {
    id: 'ada-k',
    title: 'Ada-K',
    factory: 'adaK',
    summary:
      'A small allocator per layer picks how many experts each token gets; the frozen backbone router then picks which.',
    paper: 'Yue et al. 2025, "Ada-K Routing: Boosting the Efficiency of MoE-based LLMs" (ICLR 2025)',
    code: 'ivattyue/Ada-K holds only a README (no code released): the rule below is reconstructed from the paper',
    formula: [
      'π(k | h_t) = softmax(A h_t)   over k ∈ {1..k_max}',
      'k_t ~ π (training, PPO) or argmax π (inference; ties to the smaller k)',
      'S_t = top-k_t of the frozen router p_t = softmax(W x_t)',
      "w_te = the backbone's rule (Mixtral: renormalised over S_t)",
    ],
    paperVsCode: [
      "No official code exists; every detail beyond the abstract is marked [recall] in anyk's sources and is configurable.",
    ],
    defaults: [
      { key: 'numExperts', value: required, source: '' },
      { key: 'kMax', value: required, source: '' },
      { key: 'mode', value: "'infer'", source: '[recall]' },
      { key: 'weights', value: "'renorm'", source: "the frozen backbone's rule [recall]" },
    ],
    stateUpdates:
      '`chooseK(alloc, T, { mode, sampledK })` gives each token its k (argmax, or the sampled k with its log-probability); `sampleK` draws k for PPO rollouts. Routing takes the per-token `k`.',
    losses: [
      {
        id: 'ada-k',
        why: 'PPO clipped surrogate on the allocators only; reward = log-likelihood minus a penalty on k.',
      },
    ],
    example: `import { adaK } from '@anyk/routers/ada-k';
const router = adaK({ numExperts: 8, kMax: 4 });`,
  },
  {
    id: 'adamoe',
    title: 'AdaMoE (null experts)',
    factory: 'adaMoE',
    summary:
      'Top-k over real experts plus "null" experts that cost nothing: a token that picks null experts uses fewer real ones.',
    paper:
      'Zeng et al. 2024, "AdaMoE: Token-Adaptive Routing with Null Experts for Mixture-of-Experts Language Models"',
    code: 'CengZihao/AdaMoE `exp_2/LLaMA_Factory/src/llamafactory/model/adaptive_moe_utils.py` (`CustomMixtralSparseMoeBlock`), `exp_1/src/mola_lora_hacked.py`',
    formula: [
      'p_t = softmax([W x_t ; W_null x_t])   over E real + Z null candidates',
      'S_t = top-k(p_t);   R_t = S_t ∩ real experts   (k_t ∈ [max(0, k − Z), min(k, E)])',
      "w_te = p_te / Σ_{e'∈R_t} p_te'   for e ∈ R_t (renormalised over real experts only); null experts add 0",
    ],
    paperVsCode: [
      'The code finds real experts by hard-coded index ranges (≤ 7, ≤ 3); anyk derives them from E.',
      "Experiment 2's null-load averaging in the balance loss is a no-op (it indexes the wrong axis); anyk averages, like experiment 1.",
    ],
    defaults: [
      { key: 'numExperts', value: required, source: '' },
      { key: 'nullExperts', value: required, source: '16 in the Mixtral experiment [cfg]' },
      { key: 'k', value: required, source: '4 [cfg]' },
    ],
    stateUpdates: "None. The null router is initialised by tiling the real router (`init: 'tile-router'`).",
    losses: [
      {
        id: 'load-balance',
        why: "Balance over E + Z candidates with the null experts' loads averaged (`adamoeBalanceLoss`).",
      },
    ],
    example: `import { adaMoE } from '@anyk/routers/adamoe';
const router = adaMoE({ numExperts: 8, nullExperts: 16, k: 4 });`,
  },
  {
    id: 'moe-plus-plus',
    title: 'MoE++ (zero-computation experts)',
    factory: 'moePlusPlus',
    summary:
      'Zero, copy and constant experts sit beside the FFN experts; a token routed to them skips FFN compute, and a gating residual carries routing from layer to layer.',
    paper:
      'Jin, Zhu, Yuan, Yan 2025, "MoE++: Accelerating Mixture-of-Experts Methods with Zero-Computation Experts" (ICLR 2025)',
    code: 'SkyworkAI/MoE-plus-plus `MoE++/moe_plus_plus_layer.py` (`gating`, `Router`, `ZeroExpert`, `CopyExpert`, `ConstantExpert`); released 7B config',
    formula: [
      "z^j = W^j x + M^j z^{j−1}   (gating residual from the previous layer's logits)",
      'ẑ = z / std(z)   (unbiased std over the N candidates)',
      'p = softmax(ẑ);   S = top-2(p)',
      "the zero expert's gate is set to 0, the rest renormalised: w_e = g_e / Σ_{e'∈S} g_e'",
      'experts: zero E(x) = 0, copy E(x) = x, constant E(x) = a₁ x + a₂ v with [a₁, a₂] = softmax(W_c x)',
    ],
    paperVsCode: [
      'The paper gives the zero expert output 0 with its gate; the code zeroes its gate and renormalises the other one, so {zero, X} gives X weight 1. anyk follows the code.',
      'The code scales the expert input by k unless `moe_feature_no_mul_topk`, which the released 7B config sets; anyk defaults to no scaling.',
      'Only inference code is released; the heterogeneous balance loss (τ on zero-computation experts) is from the paper.',
    ],
    defaults: [
      { key: 'numExperts', value: required, source: '' },
      {
        key: 'zeroComputation',
        value: "['constant', 'constant', 'copy', 'zero']",
        source: 'released 7B [code/cfg]',
      },
      { key: 'k', value: '2', source: '[cfg]' },
      { key: 'logitsNorm', value: 'true', source: '[cfg]' },
      { key: 'normStd', value: '1', source: '[cfg]' },
      { key: 'mixtralGating', value: 'false', source: '[cfg]' },
      { key: 'scaleInputByK', value: 'false', source: '[cfg]' },
    ],
    stateUpdates:
      "`gateResidual(routing)` returns the logits after the residual, which the next layer consumes. Parameters `router`, `gateMap`, and the constant experts' `constantMix` and `constantVector`.",
    losses: [
      {
        id: 'load-balance',
        why: 'Heterogeneous balance `Σ η_i f_i P_i` with η = τ on zero-computation experts (`heterogeneousBalanceLoss`).',
      },
    ],
    example: `import { moePlusPlus } from '@anyk/routers/moe-plus-plus';
const router = moePlusPlus({ numExperts: 16 }); // + 2 constant, 1 copy, 1 zero expert`,
  },
  {
    id: 'longcat',
    title: 'LongCat-Flash',
    factory: 'longCat',
    summary:
      'Top-k over FFN experts plus identity (zero-computation) experts, with a selection-only bias that a controller steers so tokens use a target number of FFN experts on average.',
    paper: 'Meituan LongCat team 2025, "LongCat-Flash Technical Report"',
    code: 'huggingface/transformers `models/longcat_flash/modeling_longcat_flash.py` (`LongcatFlashTopkRouter`, `LongcatFlashMoE`), contributed by Meituan',
    formula: [
      's = softmax(W x)   over N FFN + Z identity experts',
      'S = top-k(s + b)   (b only selects)',
      'w_e = 6.0 · s_e   (no renormalisation)',
      'identity experts add w_e x at no cost: FFN experts per token vary 0..k',
    ],
    paperVsCode: [
      "The README speaks of a PID controller; the report publishes a proportional increment. anyk's controller is a full PID with the report's rule (kp = μ, ki = kd = 0) as default.",
      'LongCat\'s "zero-computation" expert returns its input: it is MoE++\'s copy expert, not its zero expert.',
    ],
    defaults: [
      { key: 'numExperts', value: `${required} (512)`, source: '[cfg]' },
      { key: 'identityExperts', value: `${required} (256)`, source: '[cfg]' },
      { key: 'k', value: `${required} (12)`, source: '[cfg]' },
      { key: 'routedScalingFactor', value: '6', source: '[cfg]' },
    ],
    stateUpdates:
      '`ffnLoads(routing)` counts tokens per FFN expert for the bias controller (`biasControllerStep` in `@anyk/losses`); each call takes `params.selectionBias`.',
    losses: [
      { id: 'bias-controllers', why: 'The selection bias moves toward the target FFN share `K_e/(k N)`.' },
      {
        id: 'load-balance',
        why: 'Device-level balance with the zero-computation experts as one extra group (`deviceBalanceLoss`).',
      },
    ],
    example: `import { longCat } from '@anyk/routers/longcat';
const router = longCat({ numExperts: 512, identityExperts: 256, k: 12 });`,
  },
  {
    id: 'deepseek-v3',
    title: 'DeepSeek-V3',
    factory: 'deepSeekV3',
    summary:
      'Sigmoid scores, group-limited top-k on scores plus a balancing bias that only selects: auxiliary-loss-free load balancing (fixed k; the reference for bias controllers).',
    paper: 'DeepSeek-AI 2024, "DeepSeek-V3 Technical Report"',
    code: 'deepseek-ai/DeepSeek-V3 `inference/model.py` (`Gate.forward`), `inference/configs/config_671B.json`',
    formula: [
      "s = sigmoid(W x);   s' = s + b",
      "groups: score each group by the sum of its top-2 s', keep the top topkGroups groups",
      "S = top-k(s') among the kept groups",
      "w_e = routeScale · s_e / Σ_{e'∈S} s_e'   (unbiased scores, renormalised)",
    ],
    paperVsCode: [
      'The bias update `b_i += γ sign(mean load − load_i)` and γ = 1e-3 come from the report; the inference code only loads b.',
      "With softmax scoring the code does not renormalise; anyk follows it (`scoreFunc: 'softmax'`).",
    ],
    defaults: [
      { key: 'numExperts', value: required, source: '' },
      { key: 'k', value: `${required} (8)`, source: '[cfg]' },
      { key: 'nGroups', value: '1 (no group limit; V3: 8)', source: '[cfg]' },
      { key: 'topkGroups', value: 'nGroups (V3: 4)', source: '[cfg]' },
      { key: 'routeScale', value: '2.5', source: '[code]' },
      { key: 'scoreFunc', value: "'sigmoid'", source: '[code]' },
      { key: 'groupScore', value: "'top2-sum'", source: '[code]' },
    ],
    stateUpdates:
      'Each call takes `params.selectionBias`, updated by the sign step (`signBiasStep` in `@anyk/losses`).',
    losses: [
      { id: 'bias-controllers', why: 'Sign step γ = 1e-3 on the selection bias.' },
      { id: 'load-balance', why: 'Complementary sequence-wise balance, α = 1e-4 (`sequenceBalanceLoss`).' },
    ],
    example: `import { deepSeekV3 } from '@anyk/routers/deepseek-v3';
const router = deepSeekV3({ numExperts: 256, k: 8, nGroups: 8, topkGroups: 4 });`,
  },
  {
    id: 'expert-choice',
    title: 'Expert-Choice',
    factory: 'expertChoice',
    summary:
      'Experts choose tokens: each expert takes its C highest-scoring tokens, so load is balanced by construction and a token gets 0..E experts.',
    paper: 'Zhou et al. 2022, "Mixture-of-Experts with Expert Choice Routing"',
    code: 'google/flaxformer `flaxformer/architectures/moe/routing.py` (`ExpertsChooseMaskedRouter`)',
    formula: [
      'P = softmax(X Wᵀ)   [T, E]',
      'C = min(T, max(minCapacity, round(c T / E)))',
      'each expert e takes the C tokens with the largest P[:, e]   (ties: the lower token wins)',
      'y_t = Σ_{e : t ∈ top-C(P[:, e])} P_te FFN_e(x_t)   (not renormalised)',
    ],
    paperVsCode: [
      "flaxformer computes `round(cf T / E)` with at least 4; JavaScript's Math.round rounds halves up where Python rounds to even, so at exact halves C can be 1 higher.",
      "Not causal: a token's routing depends on the whole batch, so it does not suit autoregressive decoding as-is.",
    ],
    defaults: [
      { key: 'numExperts', value: required, source: '' },
      { key: 'capacityFactor', value: '2', source: 'paper [recall]' },
      { key: 'minCapacity', value: '4', source: 'flaxformer [code]' },
      { key: 'capacity', value: 'off (a fixed C overrides the factor)', source: 'anyk' },
    ],
    stateUpdates: '`capacityFor(T)`; `spec({ tokens })` needs the batch size unless `capacity` is fixed.',
    losses: [{ id: 'z-loss', why: 'No balance loss is needed; the router z-loss still helps stability.' }],
    example: `import { expertChoice } from '@anyk/routers/expert-choice';
const router = expertChoice({ numExperts: 8 });
const spec = router.spec({ tokens: 512 });`,
  },
  {
    id: 'uni-moe-2',
    title: 'Uni-MoE-2.0-Omni (dynamic capacity, null + shared experts)',
    factory: 'uniMoE2',
    summary:
      "Top-P over routed and null experts: each token takes the smallest set whose softmax mass reaches p (a null pick skips compute), and always-on shared experts split the token's mass with its picks through one joint softmax.",
    paper:
      'Li et al. 2025, "Uni-MoE-2.0-Omni: Scaling Language-Centric Omnimodal Large Model with Advanced MoE, Training and Data" (arXiv 2511.12609)',
    code: 'HITsz-TMG/Uni-MoE `Uni-MoE-2/uni_moe/model/modeling_qwen_grin_moe.py` (`dynamic_expert_selection`, `sparsemixer`, `_capacity`, `cal_global_weight`, `GRINMoESparseMoeBlock`, `load_balancing_loss_func`)',
    formula: [
      'router logits z_t = W x_t over E routed, Z null and S shared columns (D = E + Z dynamic columns)',
      'q_t = softmax(z_t[0..D))   (shared columns excluded);   k_t = the smallest k whose top-k mass of q_t is ≥ p',
      'pick k_t dynamic columns one by one (largest logit first); a near-tie window |m − z_e| / max(|z_e|, |m|) ≤ 2 eps splits the multiplier μ_j by a softmax inside the window (μ_j = 1 without a tie)',
      'r_e = μ_e / (Σ μ + 1e-6) over the picks;   optional capacity C = max(ceil(T / D · f), minCapacity): each dynamic column keeps its C largest raw logits, then r is renormalised',
      'A_t = surviving picks ∪ shared;   w_e = r_e · Σ_{picks} exp(z) / Σ_{A_t} exp(z),   w_s = exp(z_s) / Σ_{A_t} exp(z)',
      'null picks weigh 0 (their share is discarded):   y_t = Σ_{routed picks} w_e FFN_e(x_t) + Σ_s w_s Shared_s(x_t)',
    ],
    paperVsCode: [
      'The rule here is read from the released code; the paper describes routed, null and shared experts and Top-P routing without these details.',
      'The count uses "≥ p" (the smallest k whose mass reaches p), unlike MoE-Dynamic\'s "> p": with q = (0.4, 0.35, 0.25) and p = 0.4 a token takes one expert here and two on the top-p page.',
      'Training in the code samples among near-ties with Gumbel noise and a SparseMixer (GRIN-MoE) gradient estimator; anyk implements the deterministic inference rule and its autograd gradient.',
      'If rounding keeps every cumulative mass below p (p ≈ 1 or p > 1), the code gives the token no dynamic expert: it keeps its shared experts only, and so does anyk.',
      'Shared experts have router columns of their own: they are never selected or dropped, only weighed by the joint softmax.',
    ],
    defaults: [
      { key: 'numExperts', value: required, source: 'routed E (code 4; UniMoE-Audio config 8)' },
      { key: 'nullExperts', value: required, source: 'null Z (preview script and UniMoE-Audio config 1)' },
      { key: 'sharedExperts', value: required, source: 'shared S (code 2)' },
      { key: 'p', value: required, source: '0.7 in the code and configs [code]' },
      { key: 'k', value: '2 (used only when p = 0)', source: '`mlp_dynamic_top_k` [code]' },
      { key: 'windowEps', value: '0.01', source: '`router_jitter_noise` [code]' },
      {
        key: 'capacityFactor',
        value: 'off (no token dropping)',
        source: '`token_drop` off by default [code]',
      },
      { key: 'minCapacity', value: '4', source: 'anyk default when capacity is on' },
    ],
    stateUpdates:
      "`counts(logits, T)` gives each token's count, `picks(logits, T)` the picks before capacity (the balance loss's m). Routing returns `sharedWeight [T, S]`; null picks are listed with weight 0.",
    losses: [
      {
        id: 'load-balance',
        why: '`uniMoeBalanceLoss`: `D Σ_e f_e P̄_e` over routed and null columns (null columns count as experts), coefficient 0.025 decaying to 0.001 in the released training.',
      },
    ],
    example: `import { uniMoE2 } from '@anyk/routers/uni-moe-2';
const router = uniMoE2({ numExperts: 8, nullExperts: 1, sharedExperts: 2, p: 0.7 });`,
  },
];
