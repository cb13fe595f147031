import type { LayerInputV1, MoeLayerV1 } from '@anyk/core';
import type { OrtEngine } from '../ort-engine/ort-engine.ts';
import type { BankGradients, ExpertBankBackward } from './layer-backward.ts';

/**
 * The onnxruntime engine's backward of a bank of experts, for `layerBackward`: one session run per bank
 * (every expert's products on MLAS), reading the forward's intermediates without their padding. The rest of
 * the backward (zero-computation experts, shared gates, the router) is shared with the WebAssembly engine.
 */
export function ortExpertBackward(
  engine: OrtEngine,
  layer: MoeLayerV1,
  input: LayerInputV1,
  gradOutput: ArrayLike<number>,
): ExpertBankBackward {
  const scale = layer.expertInputScale ?? 1;
  const x = Float32Array.from(input.x, (value) => scale * value);
  const gy = gradOutput instanceof Float32Array ? gradOutput : Float32Array.from(gradOutput);
  return async (bankName, bank, intermediates, rowWeight): Promise<BankGradients> => {
    const { f, fPad, inRows, glu } = bank.experts;
    const rows = bank.rowToken.length;
    const unpad = (source: Float32Array, stride: number, column: number) => {
      const out = new Float32Array(rows * f);
      for (let row = 0; row < rows; row++)
        out.set(source.subarray(row * stride + column, row * stride + column + f), row * f);
      return out;
    };
    const run = await engine.bankBackward(layer, bankName, {
      x,
      gy,
      tokens: input.tokens,
      offset: bank.offset,
      rowToken: bank.rowToken,
      rowWeight,
      gate: glu ? unpad(intermediates.gu, inRows, 0) : undefined,
      up: unpad(intermediates.gu, inRows, glu ? fPad : 0),
      h: unpad(intermediates.h, fPad, 0),
    });
    return {
      rowWeightGrad: Float64Array.from(run.rowWeightGrad),
      dXRows: run.xRowsGrad,
      wGateGrad: run.wGateGrad && Float64Array.from(run.wGateGrad),
      wUpGrad: Float64Array.from(run.wUpGrad),
      wDownGrad: Float64Array.from(run.wDownGrad),
    };
  };
}
