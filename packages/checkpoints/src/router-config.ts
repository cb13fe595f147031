import { InvalidArgumentError, type MoeLayerV1, type RouterSpecV1 } from '@anyk/core';
import { requireInteger, validateRouterSpec } from '@anyk/core/internal';

/** One MoE layer's router in a {@link RouterConfigV1}: the spec to run and its non-logit parameters. */
export interface RouterConfigLayerV1 {
  /** Decoder layer index (as in `Checkpoint.loadLayer`; the shipped KJV model's MoE layer index). */
  readonly layer: number;
  readonly spec: RouterSpecV1;
  /** Parameters the spec reads (`thresholds` for threshold selection); the checkpoint's own are kept. */
  readonly thresholds?: readonly number[] | undefined;
}

/**
 * A per-layer router replacement, as `anyk calibrate --router-config` writes it: run a top-k checkpoint
 * with a dynamic router (top-p, a threshold) fitted without retraining. Plain JSON.
 */
export interface RouterConfigV1 {
  readonly format: 'anyk-router-config/1';
  /** The family the layers were fitted for (`top-p`, `threshold`), for messages. */
  readonly family: string;
  /** What it was fitted on (path, target mean k), for documentation. */
  readonly fittedFor?: Readonly<Record<string, unknown>> | undefined;
  readonly layers: readonly RouterConfigLayerV1[];
}

/** Validates parsed JSON as a {@link RouterConfigV1} (every spec through core's validator). */
export function parseRouterConfig(value: unknown, file = 'router config'): RouterConfigV1 {
  const config = value as Partial<RouterConfigV1> | null;
  if (config === null || typeof config !== 'object' || config.format !== 'anyk-router-config/1')
    throw new InvalidArgumentError('format', '"anyk-router-config/1"', config?.format, file);
  if (!Array.isArray(config.layers))
    throw new InvalidArgumentError('layers', 'an array', config.layers, file);
  for (const [position, entry] of config.layers.entries()) {
    requireInteger(`layers[${position}].layer`, entry?.layer, { min: 0 }, file);
    validateRouterSpec(entry.spec);
    if (entry.thresholds !== undefined && !Array.isArray(entry.thresholds))
      throw new InvalidArgumentError(
        `layers[${position}].thresholds`,
        'an array of numbers',
        entry.thresholds,
        file,
      );
  }
  return config as RouterConfigV1;
}

/**
 * The layer with the config's router for `index` (the same object when the config does not name it). The
 * weights object is kept, so backends keep their cached packed weights; the checkpoint's own parameters
 * (DeepSeek / LongCat selection bias) are kept and the config's thresholds added.
 */
export function applyRouterConfig(config: RouterConfigV1, index: number, layer: MoeLayerV1): MoeLayerV1 {
  const entry = config.layers.find((candidate) => candidate.layer === index);
  if (!entry) return layer;
  if (entry.spec.numExperts !== layer.spec.numExperts)
    throw new InvalidArgumentError(
      `layers[layer ${index}].spec.numExperts`,
      `${layer.spec.numExperts} (the checkpoint's experts)`,
      entry.spec.numExperts,
    );
  return {
    ...layer,
    spec: entry.spec,
    params: {
      ...layer.params,
      ...(entry.thresholds ? { thresholds: Float64Array.from(entry.thresholds) } : {}),
    },
  };
}
