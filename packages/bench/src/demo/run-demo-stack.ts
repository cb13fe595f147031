import { assertInteger, type FloatArray, type KernelBackendV1, type LayerInputV1 } from '@anyk/core';
import { summariseSamples } from '../harness/statistics.ts';
import { type DemoFamily, type DemoShape, demoLayer } from './demo-model.ts';

/** What one layer of the stack did with the batch. */
export interface DemoLayerRun {
  /** FFN experts used by each token. */
  readonly expertsPerToken: Int32Array;
  /** Slots that went to zero-computation experts (zero, copy, constant). */
  readonly zeroSlots: number;
  readonly slots: number;
  /** Median time of this layer's `forward` over the timed passes, ms. */
  readonly medianMs: number;
}

/** One family through a stack of layers. */
export interface DemoStackRun {
  readonly family: DemoFamily;
  readonly layers: readonly DemoLayerRun[];
  /** Output of the first layer (the table compares it with top-2's). */
  readonly firstLayerY: FloatArray;
}

/**
 * Runs a batch through `layers` MoE layers of one family, each layer reading the previous layer's output
 * plus its residual (`h_{l+1} = h_l + y_l`), so the k a token gets can change with depth. MoE++ layers also
 * pass their logits on (gating residual). `warmupPasses` untimed passes first (weight packing, JIT), then
 * `timedPasses` passes whose per-layer medians are reported.
 */
export async function runDemoStack(
  backend: KernelBackendV1,
  family: DemoFamily,
  shape: DemoShape,
  batch: { x: Float32Array; centres: Float32Array },
  options: { layers: number; warmupPasses: number; timedPasses: number },
): Promise<DemoStackRun> {
  assertInteger('layers', options.layers, 1, 64, 'runDemoStack');
  assertInteger('timedPasses', options.timedPasses, 1, 1000, 'runDemoStack');
  assertInteger('warmupPasses', options.warmupPasses, 0, 1000, 'runDemoStack');
  const stack = Array.from({ length: options.layers }, (_, index) =>
    demoLayer(family, shape, batch.centres, index),
  );
  const times: number[][] = stack.map(() => []);
  let layers: DemoLayerRun[] = [];
  let firstLayerY: FloatArray = new Float32Array(0);
  for (let pass = 0; pass < options.warmupPasses + options.timedPasses; pass++) {
    let hidden = Float32Array.from(batch.x);
    let previousLogits: FloatArray | undefined;
    const passLayers: DemoLayerRun[] = [];
    for (let index = 0; index < stack.length; index++) {
      const { layer, input } = stack[index] as (typeof stack)[number];
      const layerInput: LayerInputV1 = {
        ...input,
        tokens: shape.tokens,
        x: hidden,
        ...(layer.spec.gatingResidual && layer.gateMap !== undefined && previousLogits !== undefined
          ? { prevLogits: previousLogits }
          : {}),
      };
      const start = performance.now();
      const result = await backend.forward(layer, layerInput);
      const elapsed = performance.now() - start;
      if (pass >= options.warmupPasses) (times[index] as number[]).push(elapsed);
      const { routing } = result;
      const expertsPerToken = new Int32Array(shape.tokens);
      let zeroSlots = 0;
      let slots = 0;
      for (let t = 0; t < shape.tokens; t++) {
        for (let j = 0; j < (routing.kCount[t] as number); j++) {
          const expert = routing.slotExpert[t * routing.kMax + j] as number;
          slots++;
          if (expert < layer.spec.numExperts) expertsPerToken[t] = (expertsPerToken[t] as number) + 1;
          else zeroSlots++;
        }
      }
      passLayers.push({ expertsPerToken, zeroSlots, slots, medianMs: 0 });
      if (index === 0) firstLayerY = result.y;
      const next = new Float32Array(hidden.length);
      for (let i = 0; i < next.length; i++) next[i] = (hidden[i] as number) + (result.y[i] as number);
      hidden = next;
      previousLogits = routing.logits;
    }
    layers = passLayers;
  }
  return {
    family,
    firstLayerY,
    layers: layers.map((layer, index) => ({
      ...layer,
      medianMs: summariseSamples(times[index] as number[]).medianMs,
    })),
  };
}
