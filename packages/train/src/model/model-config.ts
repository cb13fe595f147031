import { InvalidArgumentError } from '@anyk/core';
import type { RouterConfig } from '../routing/router-config.ts';

/** Arithmetic of parameters and activations: float32 for training speed, float64 for gradient checks. */
export type ModelDtype = 'float32' | 'float64';

/**
 * A byte-level causal transformer LM whose FFN blocks are MoE layers: token (+ learned position)
 * embedding, `layers` pre-norm blocks (RMSNorm → causal multi-head attention → residual, RMSNorm → MoE →
 * residual), final RMSNorm and an LM head (tied to the embedding or not). Plain JSON (it is a checkpoint's
 * config).
 */
export interface ModelConfig {
  /** 256 for bytes. */
  readonly vocabSize: number;
  /** Hidden size d. */
  readonly d: number;
  readonly layers: number;
  /** Attention heads; must divide d. */
  readonly heads: number;
  /** Longest sequence (learned position table size). */
  readonly context: number;
  /** Real (FFN) experts per MoE layer. */
  readonly numExperts: number;
  /** Expert intermediate size f. */
  readonly f: number;
  /**
   * Expert FFN kind: SwiGLU as in Mixtral and the top-p paper's LLaMA-style experts, or a non-gated MLP
   * with GELU or SiLU (BlockFFN's experts are `W_out SiLU(W_in x)`).
   */
  readonly expert: 'swiglu' | 'gelu' | 'silu';
  /** Use the embedding matrix as the LM head. */
  readonly tiedEmbeddings: boolean;
  readonly router: RouterConfig;
  /** RMSNorm epsilon. */
  readonly normEps: number;
  readonly dtype: ModelDtype;
}

/** Checks a model config, naming the field and what was expected. */
export function validateModelConfig(config: ModelConfig): void {
  const context = 'ModelConfig';
  const positive = (name: keyof ModelConfig, value: unknown): void => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      throw new InvalidArgumentError(name, 'a positive integer', value, context);
  };
  positive('vocabSize', config.vocabSize);
  positive('d', config.d);
  positive('layers', config.layers);
  positive('heads', config.heads);
  positive('context', config.context);
  positive('numExperts', config.numExperts);
  positive('f', config.f);
  if (config.d % config.heads !== 0)
    throw new InvalidArgumentError('heads', `a divisor of d (${config.d})`, config.heads, context);
  if (config.expert !== 'swiglu' && config.expert !== 'gelu' && config.expert !== 'silu')
    throw new InvalidArgumentError('expert', '"swiglu", "gelu" or "silu"', config.expert, context);
  if (typeof config.tiedEmbeddings !== 'boolean')
    throw new InvalidArgumentError('tiedEmbeddings', 'a boolean', config.tiedEmbeddings, context);
  if (typeof config.normEps !== 'number' || !(config.normEps > 0))
    throw new InvalidArgumentError('normEps', 'a positive number', config.normEps, context);
  if (config.dtype !== 'float32' && config.dtype !== 'float64')
    throw new InvalidArgumentError('dtype', '"float32" or "float64"', config.dtype, context);
  if (config.router === null || typeof config.router !== 'object')
    throw new InvalidArgumentError('router', 'a router config object', config.router, context);
}
