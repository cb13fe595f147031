import {
  type FloatArray,
  InvalidArgumentError,
  type KernelBackendV1,
  type LayerInputV1,
  type MoeLayerV1,
} from '@anyk/core';
import { requireInteger } from '@anyk/core/internal';
import { summariseSamples } from '../harness/summarise-samples.ts';
import type { DemoFamily } from './demo-model.ts';

/** One layer of a family's stack and its extra per-call input (Ada-K's k). */
export interface DemoStackLayer {
  readonly layer: MoeLayerV1;
  readonly input: Omit<LayerInputV1, 'x' | 'tokens'>;
}

/**
 * What each layer reads: `residual` chains the layers (`h_{l+1} = h_l + y_l`, the synthetic demo);
 * `captured` gives every layer its own input, the hidden states a trained model fed that MoE layer.
 */
export type DemoStackInputs =
  | { readonly kind: 'residual'; readonly x: Float32Array }
  | { readonly kind: 'captured'; readonly x: readonly FloatArray[] };

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
 * Runs `tokens` tokens through a stack of MoE layers of one family. With `residual` inputs each layer reads
 * the previous layer's output plus its residual, so the k a token gets can change with depth; with
 * `captured` inputs each layer reads the hidden states a trained model gave it. MoE++ layers also pass
 * their logits on (gating residual). `warmupPasses` untimed passes first (weight packing, JIT), then
 * `timedPasses` passes whose per-layer medians are reported.
 */
export async function runDemoStack(
  backend: KernelBackendV1,
  family: DemoFamily,
  tokens: number,
  stack: readonly DemoStackLayer[],
  inputs: DemoStackInputs,
  options: { warmupPasses: number; timedPasses: number },
): Promise<DemoStackRun> {
  requireInteger('stack.length', stack.length, { min: 1, max: 64 }, 'runDemoStack');
  requireInteger('timedPasses', options.timedPasses, { min: 1, max: 1000 }, 'runDemoStack');
  requireInteger('warmupPasses', options.warmupPasses, { min: 0, max: 1000 }, 'runDemoStack');
  if (inputs.kind === 'captured' && inputs.x.length !== stack.length)
    throw new InvalidArgumentError(
      'inputs.x.length',
      `one captured input per layer (${stack.length})`,
      inputs.x.length,
      'runDemoStack',
    );
  const times: number[][] = stack.map(() => []);
  let layers: DemoLayerRun[] = [];
  let firstLayerY: FloatArray = new Float32Array(0);
  for (let pass = 0; pass < options.warmupPasses + options.timedPasses; pass++) {
    let hidden: FloatArray = inputs.kind === 'residual' ? Float32Array.from(inputs.x) : new Float32Array(0);
    let previousLogits: FloatArray | undefined;
    const passLayers: DemoLayerRun[] = [];
    for (let index = 0; index < stack.length; index++) {
      const { layer, input } = stack[index] as (typeof stack)[number];
      const x = inputs.kind === 'residual' ? hidden : (inputs.x[index] as FloatArray);
      const layerInput: LayerInputV1 = {
        ...input,
        tokens,
        x,
        ...(layer.spec.gatingResidual && layer.gateMap !== undefined && previousLogits !== undefined
          ? { prevLogits: previousLogits }
          : {}),
      };
      const start = performance.now();
      const result = await backend.forward(layer, layerInput);
      const elapsed = performance.now() - start;
      if (pass >= options.warmupPasses) (times[index] as number[]).push(elapsed);
      const { routing } = result;
      const expertsPerToken = new Int32Array(tokens);
      let zeroSlots = 0;
      let slots = 0;
      for (let t = 0; t < tokens; t++) {
        for (let j = 0; j < routing.kCount[t]!; j++) {
          const expert = routing.slotExpert[t * routing.kMax + j]!;
          slots++;
          if (expert < layer.spec.numExperts) expertsPerToken[t] = expertsPerToken[t]! + 1;
          else zeroSlots++;
        }
      }
      passLayers.push({ expertsPerToken, zeroSlots, slots, medianMs: 0 });
      if (index === 0) firstLayerY = result.y;
      if (inputs.kind === 'residual') {
        const next: Float32Array = new Float32Array(hidden.length);
        for (let i = 0; i < next.length; i++) next[i] = hidden[i]! + result.y[i]!;
        hidden = next;
      }
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
