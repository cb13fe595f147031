import type { KernelBackendV1, LayerForwardResultV1 } from '@anyk/core';
import type { MoeLanguageModel } from '#train/model/moe-language-model.ts';

/** What one byte did: the experts it used in each layer, with their weights. */
export interface ByteRouting {
  readonly byte: number;
  /** Per layer, `[expert, weight]` pairs. */
  readonly layers: readonly (readonly [number, number])[][];
  /** Next-byte loss (nats) at this position; NaN for the last byte (no next byte). */
  readonly loss: number;
}

export interface PlaygroundRun {
  readonly bytes: readonly ByteRouting[];
  readonly meanK: number;
  readonly perLayerK: readonly number[];
  /** Mean next-byte cross-entropy (nats) over the predicted positions. */
  readonly loss: number;
  /** Milliseconds spent in each layer's `backend.forward` (the MoE layer), summed over windows. */
  readonly layerMs: readonly number[];
  readonly totalMs: number;
}

/** Wraps a backend so each `forward` call (one per MoE layer, in order) is timed. */
function timedBackend(backend: KernelBackendV1, layerMs: number[], layers: number): KernelBackendV1 {
  let call = 0;
  return new Proxy(backend, {
    get(target, property, receiver) {
      if (property !== 'forward') return Reflect.get(target, property, receiver);
      return async (...args: Parameters<KernelBackendV1['forward']>): Promise<LayerForwardResultV1> => {
        const layer = call++ % layers;
        const start = performance.now();
        const result = await target.forward(...args);
        layerMs[layer] = (layerMs[layer] ?? 0) + performance.now() - start;
        return result;
      };
    },
  });
}

/**
 * Runs the model over `text` (UTF-8 bytes) in windows of the model's context, predicting each next
 * byte, and collects every byte's experts per layer, the losses and the per-layer times.
 */
export async function runPlayground(
  model: MoeLanguageModel,
  backend: KernelBackendV1,
  text: string,
): Promise<PlaygroundRun> {
  const bytes = new TextEncoder().encode(text);
  const { context, layers } = model.config;
  const layerMs = new Array<number>(layers).fill(0);
  const timed = timedBackend(backend, layerMs, layers);
  const result: ByteRouting[] = [];
  const kSums = new Array<number>(layers).fill(0);
  let lossSum = 0;
  let lossCount = 0;
  const start = performance.now();
  for (let begin = 0; begin < bytes.length; begin += context) {
    const window = bytes.subarray(begin, Math.min(bytes.length, begin + context));
    const inputs = Int32Array.from(window);
    const targets = Int32Array.from(window, (_, index) => bytes[begin + index + 1] ?? 0);
    const pass = await model.forward(
      timed,
      { sequences: 1, length: window.length, inputs, targets },
      { retain: false, mode: 'infer' },
    );
    for (let position = 0; position < window.length; position++) {
      const hasNext = begin + position + 1 < bytes.length;
      const loss = hasNext ? (pass.tokenLosses[position] as number) : Number.NaN;
      if (hasNext) {
        lossSum += loss;
        lossCount++;
      }
      const perLayer = pass.routings.map((routing, layer) => {
        const slots: [number, number][] = [];
        for (let slot = 0; slot < routing.kMax; slot++) {
          const expert = routing.slotExpert[position * routing.kMax + slot] as number;
          if (expert >= 0) slots.push([expert, routing.slotWeight[position * routing.kMax + slot] as number]);
        }
        kSums[layer] = (kSums[layer] as number) + (routing.kCount[position] as number);
        return slots;
      });
      result.push({ byte: window[position] as number, layers: perLayer, loss });
    }
  }
  const perLayerK = kSums.map((sum) => sum / Math.max(1, bytes.length));
  return {
    bytes: result,
    meanK: perLayerK.reduce((sum, value) => sum + value, 0) / layers,
    perLayerK,
    loss: lossSum / Math.max(1, lossCount),
    layerMs,
    totalMs: performance.now() - start,
  };
}
