/**
 * The one table the loss and controller pages are generated from (`[loss].md` + `[loss].paths.ts`).
 * A new loss in `@anyk/losses` gets a page by adding an entry here. Plain data, read in Node.
 */
export interface LossPage {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** The `@anyk/losses` exports the page documents. */
  readonly exports: readonly string[];
  readonly formula: readonly string[];
  /** Defaults with their sources. */
  readonly defaults: readonly string[];
  readonly notes: readonly string[];
  /** A live chart (`ControllerChart` kind), where a simulation helps. */
  readonly chart?: 'remoe-lambda' | 'longcat-bias' | 'chunk-scheduler' | undefined;
  /** Families (ids in `families/family-table.ts`) that train with it. */
  readonly families: readonly string[];
}

export const lossPages: readonly LossPage[] = [
  {
    id: 'load-balance',
    title: 'Load balance',
    summary:
      "Pushes the router to spread tokens over experts: the product of each expert's share of tokens and its mean probability, summed.",
    exports: [
      'loadBalanceLoss',
      'adamoeBalanceLoss',
      'heterogeneousBalanceLoss',
      'deviceBalanceLoss',
      'sequenceBalanceLoss',
    ],
    formula: [
      'L = c · E · Σ_e f_e P_e,   P_e = (1/T) Σ_t p_te',
      "f_e: 'token-fraction' n_e / T (Switch),   'assignment-fraction' n_e / Σ n (Megatron; stays comparable when k varies),",
      "     'argmax-fraction' (top-1 share)",
      "AdaMoE: over E + Z candidates, null experts' loads averaged;   MoE++: Σ η_i f_i P_i with η = τ on zero-computation experts",
      'LongCat: device groups plus one group of zero-computation experts;   DeepSeek-V3: per sequence, α = 1e-4',
    ],
    defaults: [
      'c = 1e-2 (Switch, ST-MoE [recall]); the Hugging Face configs default to 1e-3 [cfg]',
      'MoE++ τ = 0.75 [recall, to verify]; DeepSeek-V3 sequence-wise α = 1e-4 [recall]',
    ],
    notes: [
      "Hugging Face Mixtral computes one loss over every layer's tokens, whose minimum is k, not 1: compare values only under one convention.",
      'Every loss returns `{ value, grad }` with the gradient at the router logits, so the trainer adds it to the language-model gradient.',
    ],
    families: ['top-k', 'top-p', 'adamoe', 'moe-plus-plus', 'longcat', 'deepseek-v3'],
  },
  {
    id: 'entropy',
    title: "Entropy (Top-p's dynamic loss)",
    summary: "Sharpens each token's distribution so fewer experts are needed to pass the top-p threshold.",
    exports: ['entropyLoss'],
    formula: ['L = −(β/T) Σ_t Σ_e p_te log p_te', 'dH_t/dz_tj = −p_tj (log p_tj + H_t)'],
    defaults: ['β = 1e-4 (Top-p paper [recall]); the shipped checkpoint used 0.006'],
    notes: ['The released Top-p code is inference-only: the loss is from the paper.'],
    families: ['top-p'],
  },
  {
    id: 'z-loss',
    title: 'Router z-loss',
    summary: 'Keeps router logits small, for numerical stability (ST-MoE).',
    exports: ['zLoss'],
    formula: ['L = (c/T) Σ_t (log Σ_e exp z_te)²', 'dL/dz_tj = (2c/T) · LSE(z_t) · p_tj'],
    defaults: ['c = 1e-3 [recall]; HF Switch config 1e-3 [cfg]'],
    notes: ['Megatron averages instead of summing over tokens; anyk follows flaxformer / Hugging Face.'],
    families: ['top-k', 'expert-choice'],
  },
  {
    id: 'remoe',
    title: 'ReMoE L1 and the λ controller',
    summary:
      'A load-balanced L1 penalty on the ReLU gates, whose coefficient λ is multiplied or divided by α after every step to hold the sparsity at 1 − k/E.',
    exports: ['l1BalancedLoss', 'l1PlainLoss', 'remoeLambdaUpdate', 'remoeMeanSparsity'],
    formula: [
      'L = λ · E/(k T²) · Σ_e n_e Σ_t G_te,   n_e = #{t : G_te > 0}',
      'dL/dz_te = λ E n_e / (k T²) · 1{z_te > 0}',
      'after each step: S = mean sparsity;   λ ← λ · α if S < 1 − k/E, else λ / α',
    ],
    defaults: ['λ₀ = 1e-8, α = 1.2 [code/cfg]; k = `--moe-router-topk` (1 in the scripts)'],
    notes: [
      'The chart runs the real controller (`remoeLambdaUpdate`) and the real loss gradient (`l1BalancedLoss`) on a toy: per-expert logit offsets pulled up by a constant "language-model" push and down by the L1 gradient. Watch λ climb over orders of magnitude, then hold the sparsity at the target.',
    ],
    chart: 'remoe-lambda',
    families: ['remoe'],
  },
  {
    id: 'dynmoe',
    title: 'DynMoE auxiliary losses',
    summary:
      'Diversity and simplicity of the expert embeddings, plus the load balance and efficiency terms of the code path the authors run.',
    exports: ['dynmoeAuxLoss', 'diversityLoss', 'simplicityLoss', 'dynmoeBalanceLoss', 'efficiencyLoss'],
    formula: [
      'L_div = ‖(Ŵᵀ Ŵ) ⊙ M − I ⊙ M‖_F   (Ŵ column-normalised, M = mask maskᵀ)',
      'L_simple = (1/E_max) Σ_e ‖w_e‖₂',
      'L_lb = E_max Σ_e me_e ce_e,   me_e = mean_t a_te/k_t,   ce_e = mean_t a_te   (tokens with k_t ≥ 1)',
      'L_eff = mean over [T, E_max] of a_te',
    ],
    defaults: ['coefficient 0.01 on the sum [cfg]'],
    notes: ['The paper names only diversity and simplicity; the code path in use adds the other two.'],
    families: ['dynmoe'],
  },
  {
    id: 'blockffn',
    title: 'BlockFFN locality, chunk sparsity and their schedule',
    summary:
      'Activation locality asks neighbouring tokens to use the same experts; chunk sparsification lowers the chance an expert fires anywhere in a 64-token chunk.',
    exports: ['activationLocalityLoss', 'chunkSparsityLoss', 'chunkSchedulerStep', 'runChunkScheduler'],
    formula: [
      'L_AL = λ_AL · mean_{t,e} BCEWithLogits(s · u_{t−1,e}, sigmoid(s · u_te)),   s = 100',
      'L_CS = 1 − mean_{chunk, e} Π_{t ∈ chunk} (1 − q_te + 1e-5),   q = r / (Σ r + 1e-5)',
      'λ_CS: constant for 1000 steps, then every 100 steps ramps by ρ = the ratio of the last two 100-step mean losses (≥ 1.025 when rising), capped at 4 λ₀',
    ],
    defaults: ['λ_AL = 2e-3, λ_CS = 5e-2, chunk 64 [cfg]'],
    notes: [
      'The chart runs the real scheduler (`chunkSchedulerStep`) on a simulated chunk-sparsity loss that first worsens, then improves.',
    ],
    chart: 'chunk-scheduler',
    families: ['blockffn'],
  },
  {
    id: 'ada-k',
    title: 'Ada-K allocator (PPO)',
    summary:
      "The allocators are trained by reinforcement learning: PPO's clipped surrogate on the log-probability of each sampled k.",
    exports: ['ppoClipLoss', 'allocatorLogProb', 'negLogProbLoss'],
    formula: [
      'r = π(k_t | h_t) / π_old(k_t | h_t)',
      'L = −mean_t min(r A_t, clip(r, 1 − ε, 1 + ε) A_t)',
      'reward = log-likelihood of the next token − penalty · (experts used)   [recall]',
    ],
    defaults: ['every constant configurable: no official code exists [recall]'],
    notes: ['Only the allocators train; the backbone router and experts stay frozen.'],
    families: ['ada-k'],
  },
  {
    id: 'bias-controllers',
    title: 'Bias controllers (LongCat, DeepSeek-V3)',
    summary:
      'A selection-only bias steers load without a loss: LongCat moves it toward a target share of FFN experts, DeepSeek-V3 by a sign step toward equal loads.',
    exports: ['biasControllerStep', 'runBiasController', 'createBiasControllerState', 'signBiasStep'],
    formula: [
      'LongCat: e_i = K_e/(k N) − T_i/(k T);   b_i += kp e_i + ki Σ e_i + kd Δe_i   (FFN experts only; kp = μ, ki = kd = 0 in the report)',
      'DeepSeek-V3: b_i += γ · sign(mean load − load_i),   γ = 1e-3',
    ],
    defaults: ['LongCat μ not published; DeepSeek-V3 γ = 1e-3 for the first 14.3T tokens, then 0 [recall]'],
    notes: [
      'The chart closes the loop with the real pieces: the LongCat router routes a fixed batch of random logits on the reference backend, `ffnLoads` counts FFN tokens, `biasControllerStep` updates the bias, repeat. The mean number of FFN experts per token moves to the target K_e.',
    ],
    chart: 'longcat-bias',
    families: ['longcat', 'deepseek-v3'],
  },
];
