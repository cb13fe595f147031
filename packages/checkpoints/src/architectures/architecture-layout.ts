import type { RouterSpecV1, SharedExpertGateV1 } from '@anyk/core';

/** The three projections of one SwiGLU FFN as stored: gate and up `[f, d]`, down `[d, f]`. */
export interface FfnTensorNames {
  readonly gate: string;
  readonly up: string;
  readonly down: string;
}

/** The tensors one MoE block reads, by their checkpoint names. */
export interface MoeTensorNames {
  /** `[E + Z, d]` router (`gate.weight`, LongCat's `router.classifier.weight`). */
  readonly router: string;
  /** Per real expert j. */
  readonly experts: readonly FfnTensorNames[];
  /** `[E + Z]` selection-only bias (`e_score_correction_bias`), when the architecture has one. */
  readonly selectionBias?: string | undefined;
  /** The shared expert (one, possibly wide), with its `[1, d]` gate row when it is sigmoid-gated. */
  readonly shared?: (FfnTensorNames & { readonly gateWeight?: string | undefined }) | undefined;
}

/**
 * What an architecture's `config.json` says about its MoE blocks: which decoder layers are MoE, the sizes,
 * the router spec that reproduces its routing exactly, and where each MoE tensor is stored.
 */
export interface ArchitectureLayout {
  /** `config.json` -> `model_type`. */
  readonly modelType: string;
  /** Decoder layers (LongCat-Flash: `num_layers`, each holding one MoE block). */
  readonly numLayers: number;
  /** Hidden size d. */
  readonly hiddenSize: number;
  /** Per decoder layer: `moe` or `dense` (a plain MLP, not loaded as a layer). */
  readonly layerKinds: readonly ('moe' | 'dense')[];
  /** Real (FFN) experts E. */
  readonly numExperts: number;
  /** Identity (zero-computation `copy`) experts Z; 0 but for LongCat-Flash. */
  readonly identityExperts: number;
  /** Experts per token of the native router. */
  readonly k: number;
  /** Routed expert width f. */
  readonly expertWidth: number;
  /**
   * The shared expert, if any. DeepSeek-V3's `n_shared_experts` experts are stored as one FFN of width
   * `n_shared_experts * moe_intermediate_size` (summing narrow SwiGLU experts is one wide one), so `count`
   * is always 1 here.
   */
  readonly sharedExpert?: { readonly f: number; readonly gate: SharedExpertGateV1 } | undefined;
  /** The native router, built through `@anyk/routers`. */
  readonly routerSpec: RouterSpecV1;
  /** Tensor names of MoE layer `layer`. */
  moeTensors(layer: number): MoeTensorNames;
}

/** `[E + Z, d]`, `[f, d]` etc.: the shape every MoE tensor must have. */
export function expectedMoeShapes(
  layout: ArchitectureLayout,
  names: MoeTensorNames,
): readonly { readonly name: string; readonly shape: readonly number[] }[] {
  const d = layout.hiddenSize;
  const f = layout.expertWidth;
  const total = layout.numExperts + layout.identityExperts;
  const shapes: { name: string; shape: number[] }[] = [{ name: names.router, shape: [total, d] }];
  for (const expert of names.experts) {
    shapes.push({ name: expert.gate, shape: [f, d] }, { name: expert.up, shape: [f, d] });
    shapes.push({ name: expert.down, shape: [d, f] });
  }
  if (names.selectionBias !== undefined) shapes.push({ name: names.selectionBias, shape: [total] });
  if (names.shared && layout.sharedExpert) {
    const sharedWidth = layout.sharedExpert.f;
    shapes.push({ name: names.shared.gate, shape: [sharedWidth, d] });
    shapes.push({ name: names.shared.up, shape: [sharedWidth, d] });
    shapes.push({ name: names.shared.down, shape: [d, sharedWidth] });
    if (names.shared.gateWeight !== undefined) shapes.push({ name: names.shared.gateWeight, shape: [1, d] });
  }
  return shapes;
}

/** `prefix.experts.{j}.{gate,up,down}_proj.weight`, the naming of every architecture but Mixtral. */
export function projectionExperts(prefix: string, count: number): FfnTensorNames[] {
  return Array.from({ length: count }, (_, expert) => projection(`${prefix}.experts.${expert}`));
}

/** `prefix.{gate,up,down}_proj.weight`. */
export function projection(prefix: string): FfnTensorNames {
  return {
    gate: `${prefix}.gate_proj.weight`,
    up: `${prefix}.up_proj.weight`,
    down: `${prefix}.down_proj.weight`,
  };
}
