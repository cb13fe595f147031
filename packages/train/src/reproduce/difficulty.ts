import { pearson, spearman } from '@anyk/core/diagnostics';
import type { Evaluation } from './evaluate-model.ts';

/**
 * What kind of byte a token has just read. In byte-level text the hardest predictions are the first letter
 * of a word (after a space or a line break) and the easiest are continuations inside a word, so this
 * split shows where the loss is and where the router spends its experts, beyond one correlation.
 */
export const byteContexts = [
  'after space',
  'after line break',
  'after lowercase',
  'after uppercase',
  'after digit',
  'after punctuation',
] as const;
export type ByteContext = (typeof byteContexts)[number];

/** The context class of an input byte. */
export function byteContext(byte: number): ByteContext {
  if (byte === 0x20) return 'after space';
  if (byte === 0x0a || byte === 0x0d) return 'after line break';
  if (byte >= 0x61 && byte <= 0x7a) return 'after lowercase';
  if (byte >= 0x41 && byte <= 0x5a) return 'after uppercase';
  if (byte >= 0x30 && byte <= 0x39) return 'after digit';
  return 'after punctuation';
}

/** Validation tokens of one context class: how many, their mean loss and mean experts (summed over layers). */
export interface ContextStatistics {
  readonly context: ByteContext;
  readonly tokens: number;
  readonly meanLoss: number;
  readonly meanExperts: number;
}

/** How a model's expert use relates to token difficulty on the validation text. */
export interface DifficultyAnalysis {
  /** Pearson correlation of token loss and experts summed over layers (the measure). */
  readonly corrLossExperts: number;
  /** The same as a rank correlation (robust to the heavy tail of token losses). */
  readonly spearmanLossExperts: number;
  /** Pearson correlation of token loss and each layer's experts. */
  readonly perLayerCorrLossExperts: number[];
  /**
   * Pearson correlation, over validation windows (64-byte passages), of a window's mean loss and its mean
   * experts per token: difficulty at the level of a passage, closer to the paper's "harder tasks" than a
   * byte's loss. Not the measure (that is `corrLossExperts`); reported beside it.
   */
  readonly corrLossExpertsByWindow: number;
  /** Per context class (classes with no token are left out). */
  readonly byContext: ContextStatistics[];
}

/** Correlations and the per-context split of one evaluation. */
export function analyseDifficulty(evaluation: Evaluation): DifficultyAnalysis {
  const { tokenLosses, tokenExperts, tokenInputs, perLayerTokenExperts, windowLength } = evaluation;
  const windows = Math.floor(tokenLosses.length / windowLength);
  const windowLoss = new Float64Array(windows);
  const windowExperts = new Float64Array(windows);
  for (let token = 0; token < windows * windowLength; token++) {
    const window = Math.floor(token / windowLength);
    windowLoss[window] = windowLoss[window]! + tokenLosses[token]! / windowLength;
    windowExperts[window] = windowExperts[window]! + tokenExperts[token]! / windowLength;
  }
  const sums = new Map<ByteContext, { tokens: number; loss: number; experts: number }>();
  for (let token = 0; token < tokenLosses.length; token++) {
    const context = byteContext(tokenInputs[token]!);
    const entry = sums.get(context) ?? { tokens: 0, loss: 0, experts: 0 };
    entry.tokens++;
    entry.loss += tokenLosses[token]!;
    entry.experts += tokenExperts[token]!;
    sums.set(context, entry);
  }
  return {
    corrLossExperts: pearson(tokenLosses, tokenExperts),
    spearmanLossExperts: spearman(tokenLosses, tokenExperts),
    perLayerCorrLossExperts: perLayerTokenExperts.map((experts) => pearson(tokenLosses, experts)),
    corrLossExpertsByWindow: pearson(windowLoss, windowExperts),
    byContext: byteContexts.flatMap((context) => {
      const entry = sums.get(context);
      return entry
        ? [
            {
              context,
              tokens: entry.tokens,
              meanLoss: entry.loss / entry.tokens,
              meanExperts: entry.experts / entry.tokens,
            },
          ]
        : [];
    }),
  };
}
