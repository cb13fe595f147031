import { type FloatArray, type KernelBackendV1, type MoeLayerV1, UnsupportedError } from '@anyk/core';
import { summariseSamples } from '../harness/summarise-samples.ts';
import {
  type CalibratedFamily,
  dynamicLayer,
  type FittedParameter,
  fitToMeanK,
  meanExperts,
} from './dynamic-router.ts';

/** One MoE layer to calibrate: its native (top-k) router and the hidden states it routes. */
export interface CalibrationLayerInput {
  readonly index: number;
  readonly native: MoeLayerV1;
  readonly tokens: number;
  /** `[tokens, d]` the layer's input (after its pre-norm). */
  readonly x: FloatArray;
}

/** A fitted family on one layer, or why it does not apply. */
export type CalibratedLayerFamily =
  | (FittedParameter & {
      readonly family: CalibratedFamily;
      /** `||y - y_native|| / ||y_native||` over the layer's tokens. */
      readonly relativeL2: number;
      /** Median forward time of the calibrated layer, ms (measured beside the native one). */
      readonly timeMs: number;
    })
  | { readonly family: CalibratedFamily; readonly unsupported: string };

export interface CalibratedLayer {
  readonly index: number;
  readonly nativeMeanK: number;
  readonly nativeTimeMs: number;
  readonly families: readonly CalibratedLayerFamily[];
}

/** How timings are taken (the bench harness' rules: warm-up, then timed runs within a budget). */
export interface CalibrationTiming {
  readonly warmup: number;
  readonly repeats: number;
  readonly maxTimeMs: number;
}

/**
 * Per layer: the native routing and output, then for each family the parameter fitted to `targetK`,
 * the output's relative L2 deviation from the native router, and the layer's forward time, measured
 * side by side with the native layer on the same backend (native, family, native, family... alternate
 * rounds, so drift hits both).
 */
export async function calibrateLayers(
  backend: KernelBackendV1,
  layers: readonly CalibrationLayerInput[],
  families: readonly CalibratedFamily[],
  targetK: number,
  timing: CalibrationTiming,
): Promise<CalibratedLayer[]> {
  const results: CalibratedLayer[] = [];
  for (const { index, native, tokens, x } of layers) {
    const nativeResult = await backend.forward(native, { tokens, x });
    const logits = nativeResult.routing.logits;
    const nativeY = Float64Array.from(nativeResult.y);
    const fitted: {
      family: CalibratedFamily;
      layer?: MoeLayerV1;
      fit?: FittedParameter;
      unsupported?: string;
    }[] = [];
    for (const family of families) {
      try {
        const fit = fitToMeanK(native, family, logits, tokens, targetK);
        fitted.push({ family, layer: dynamicLayer(native, family, fit.parameter), fit });
      } catch (error) {
        if (!(error instanceof UnsupportedError)) throw error;
        fitted.push({ family, unsupported: error.message });
      }
    }
    const timed = [native, ...fitted.flatMap((entry) => (entry.layer ? [entry.layer] : []))];
    const samples = await timeSideBySide(backend, timed, { tokens, x }, timing);
    const familyResults: CalibratedLayerFamily[] = [];
    let timedPosition = 1;
    for (const entry of fitted) {
      if (!entry.layer || !entry.fit) {
        familyResults.push({ family: entry.family, unsupported: entry.unsupported as string });
        continue;
      }
      const { y } = await backend.forward(entry.layer, { tokens, x });
      familyResults.push({
        family: entry.family,
        ...entry.fit,
        relativeL2: relativeL2(y, nativeY),
        timeMs: summariseSamples(samples[timedPosition] as number[]).medianMs,
      });
      timedPosition++;
    }
    results.push({
      index,
      nativeMeanK: meanExperts(native, logits, tokens),
      nativeTimeMs: summariseSamples(samples[0] as number[]).medianMs,
      families: familyResults,
    });
  }
  return results;
}

/**
 * Forward times (ms) of several layers on one input, in alternating rounds (layer 0, 1, ..., then again),
 * after `warmup` untimed rounds; stops after `repeats` rounds or once `maxTimeMs` is spent (3 rounds at
 * least).
 */
async function timeSideBySide(
  backend: KernelBackendV1,
  layers: readonly MoeLayerV1[],
  input: { readonly tokens: number; readonly x: FloatArray },
  timing: CalibrationTiming,
): Promise<number[][]> {
  for (let round = 0; round < timing.warmup; round++)
    for (const layer of layers) await backend.forward(layer, input);
  const samples = layers.map(() => [] as number[]);
  const started = performance.now();
  for (let round = 0; round < timing.repeats; round++) {
    for (const [position, layer] of layers.entries()) {
      const start = performance.now();
      await backend.forward(layer, input);
      (samples[position] as number[]).push(performance.now() - start);
    }
    if (round >= 2 && performance.now() - started > timing.maxTimeMs) break;
  }
  return samples;
}

/** `||actual - reference|| / ||reference||` (0 when both are zero). */
export function relativeL2(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  let difference = 0;
  let norm = 0;
  for (let index = 0; index < reference.length; index++) {
    const delta = actual[index]! - reference[index]!;
    difference += delta * delta;
    norm += reference[index]! ** 2;
  }
  return norm === 0 ? Math.sqrt(difference) : Math.sqrt(difference / norm);
}
