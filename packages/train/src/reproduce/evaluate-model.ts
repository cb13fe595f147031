import { InvalidArgumentError, type KernelBackendV1 } from '@anyk/core';
import { mean } from '@anyk/core/internal';
import { evaluationBatches } from '../data/byte-corpus.ts';
import type { MoeLanguageModel } from '../model/moe-language-model.ts';

/** Validation metrics of a model: loss, experts per token, and the per-token series behind them. */
export interface Evaluation {
  /** Mean next-byte cross-entropy over the evaluated validation tokens (nats). */
  readonly valLoss: number;
  /** Mean real experts per token per layer, averaged over layers. */
  readonly avgExperts: number;
  readonly perLayerExperts: number[];
  /** `[tokens]` each token's loss. */
  readonly tokenLosses: Float64Array;
  /** `[tokens]` each token's real experts summed over layers. */
  readonly tokenExperts: Float64Array;
  /** Per layer, `[tokens]` each token's real experts in that layer. */
  readonly perLayerTokenExperts: Float64Array[];
  /** `[tokens]` the byte each token read (the model predicts the next one). */
  readonly tokenInputs: Uint8Array;
  /** Tokens per validation window: the token series are consecutive windows of this length. */
  readonly windowLength: number;
}

/**
 * Evaluates on the first `sequences` non-overlapping windows of the validation bytes, routing in
 * inference mode (DynMoE's argmax fallback), forward only.
 */
export async function evaluateModel(
  model: MoeLanguageModel,
  backend: KernelBackendV1,
  validation: Uint8Array,
  options: { readonly sequences: number; readonly length: number; readonly batchSequences?: number },
): Promise<Evaluation> {
  const batches = evaluationBatches(
    validation,
    options.length,
    options.sequences,
    options.batchSequences ?? 16,
  );
  const losses: number[] = [];
  const experts: number[] = [];
  const inputs: number[] = [];
  const layerExperts: number[][] = Array.from({ length: model.config.layers }, () => []);
  const perLayer = new Float64Array(model.config.layers);
  let tokens = 0;
  for (const batch of batches) {
    const pass = await model.forward(backend, batch, { retain: false, mode: 'infer' });
    const count = batch.sequences * batch.length;
    const used = new Float64Array(count);
    pass.routings.forEach((routing, layer) => {
      for (let token = 0; token < count; token++) {
        let real = 0;
        for (let slot = 0; slot < routing.kMax; slot++) {
          const expert = routing.slotExpert[token * routing.kMax + slot]!;
          if (expert >= 0 && expert < model.config.numExperts) real++;
        }
        used[token] = used[token]! + real;
        perLayer[layer] = perLayer[layer]! + real;
        layerExperts[layer]?.push(real);
      }
    });
    for (let token = 0; token < count; token++) {
      losses.push(pass.tokenLosses[token]!);
      experts.push(used[token]!);
      inputs.push(batch.inputs[token]!);
    }
    tokens += count;
  }
  const perLayerExperts = [...perLayer].map((total) => total / tokens);
  return {
    valLoss: losses.reduce((a, b) => a + b, 0) / tokens,
    avgExperts: perLayerExperts.reduce((a, b) => a + b, 0) / perLayerExperts.length,
    perLayerExperts,
    tokenLosses: Float64Array.from(losses),
    tokenExperts: Float64Array.from(experts),
    perLayerTokenExperts: layerExperts.map((values) => Float64Array.from(values)),
    tokenInputs: Uint8Array.from(inputs),
    windowLength: options.length,
  };
}

/**
 * Several evaluations (of one model on several validation sets with the same window length) as one: the
 * token series back to back, the losses and experts averaged over all their tokens.
 */
export function concatenateEvaluations(evaluations: readonly Evaluation[]): Evaluation {
  const first = evaluations[0];
  if (!first || evaluations.some((evaluation) => evaluation.windowLength !== first.windowLength))
    throw new InvalidArgumentError(
      'evaluations',
      'at least one evaluation, all with the same window length',
      evaluations.map((evaluation) => evaluation.windowLength),
      'concatenateEvaluations',
    );
  const join = <T extends Float64Array | Uint8Array>(parts: readonly T[], make: (length: number) => T): T => {
    const joined = make(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    return joined;
  };
  const tokenLosses = join(
    evaluations.map((evaluation) => evaluation.tokenLosses),
    (length) => new Float64Array(length),
  );
  const perLayerTokenExperts = first.perLayerTokenExperts.map((_, layer) =>
    join(
      evaluations.map((evaluation) => evaluation.perLayerTokenExperts[layer]!),
      (length) => new Float64Array(length),
    ),
  );
  const perLayerExperts = perLayerTokenExperts.map((experts) => mean(Array.from(experts)));
  return {
    valLoss: mean(Array.from(tokenLosses)),
    avgExperts: mean(perLayerExperts),
    perLayerExperts,
    tokenLosses,
    tokenExperts: join(
      evaluations.map((evaluation) => evaluation.tokenExperts),
      (length) => new Float64Array(length),
    ),
    perLayerTokenExperts,
    tokenInputs: join(
      evaluations.map((evaluation) => evaluation.tokenInputs),
      (length) => new Uint8Array(length),
    ),
    windowLength: first.windowLength,
  };
}
