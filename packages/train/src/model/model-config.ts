import { InvalidArgumentError } from '@anyk/core';
import {
  requireBoolean,
  requireInteger,
  requireNumber,
  requireObject,
  requireOneOf,
} from '@anyk/core/internal';
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
  const positive = (name: keyof ModelConfig, value: unknown): number =>
    requireInteger(name, value, { min: 1 }, context);
  positive('vocabSize', config.vocabSize);
  positive('d', config.d);
  positive('layers', config.layers);
  positive('heads', config.heads);
  positive('context', config.context);
  positive('numExperts', config.numExperts);
  positive('f', config.f);
  if (config.d % config.heads !== 0)
    throw new InvalidArgumentError('heads', `a divisor of d (${config.d})`, config.heads, context);
  requireOneOf('expert', config.expert, ['swiglu', 'gelu', 'silu'], context);
  requireBoolean('tiedEmbeddings', config.tiedEmbeddings, context);
  requireNumber('normEps', config.normEps, { min: 0, minOpen: true }, context);
  requireOneOf('dtype', config.dtype, ['float32', 'float64'], context);
  requireObject('router', config.router, context);
}
