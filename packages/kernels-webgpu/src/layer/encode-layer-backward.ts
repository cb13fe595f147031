import { type ExpertPlanV1, UnsupportedError } from '@anyk/core';
import { type CommandRecorder, itemGrid } from '../gpu/command-recorder.ts';
import { maxWorkgroupsPerDimension } from '../gpu/gpu-constants.ts';
import { expertRowsGemmColumnTiles, rowTileTable } from '../kernels/expert-rows-gemm.wgsl.ts';
import { expertWeightGradTiles } from '../kernels/expert-weight-grad.wgsl.ts';
import { type GemmTiling, gemmTilings, pickGemmTiling } from '../kernels/gemm-tiles.ts';
import type { LayerDeviceWeights } from './encode-layer.ts';
import { kernelSources } from './kernel-sources.ts';

export interface EncodeLayerBackwardArgs {
  readonly weights: LayerDeviceWeights;
  /** The forward's plan (the host has it: `forward()` returned it). */
  readonly plan: ExpertPlanV1;
  readonly tokens: number;
  /** `[tokens, d]` the layer input. */
  readonly x: GPUBuffer;
  /** `[tokens, d]` the gradient of the layer output. */
  readonly gradOutput: GPUBuffer;
  /** `[rows]` the combine weight of each plan row (`slotWeight[rowSlot[r]]`). */
  readonly rowWeight: ArrayLike<number>;
  /** The forward's slots `[tokens, kMax]` (expert ids, -1 padding): which rows each token sums. */
  readonly slotExpert: ArrayLike<number>;
  readonly kMax: number;
  readonly expertInputScale: number;
}

/** Device buffers of one expert FFN backward (what the host reads back). */
export interface LayerBackwardBuffers {
  /** `[tokens, d]` gradient of the expert input through the real experts (a token's rows summed). */
  readonly inputGrad: GPUBuffer;
  /** `[rows]` gradient of each row's combine weight. */
  readonly rowWeightGrad: GPUBuffer;
  /** `[E, inRows, d]` gradient of `W_in` (gate rows then up rows for SwiGLU). */
  readonly wInGrad: GPUBuffer;
  /** `[E, d, f]`. */
  readonly wDownGrad: GPUBuffer;
  readonly rows: number;
  readonly inRows: number;
}

/**
 * Records the backward of the real experts' FFNs over the forward's plan (`rows > 0`), 7 dispatches, no
 * read-back: recompute the pre-activations (`gu = W_in x'`), `dHraw = W_down^T gy`, the activation backward
 * (`dGU`, `w h`, the combine-weight gradient), `dX rows = W_in^T dGU`, each token's rows summed into its
 * input gradient (the forward's gather combine without zero-computation kinds: `sum over the token's slots,
 * in slot order, of its real experts' rows`), then both weight gradients as GEMMs whose reduction runs over
 * each expert's rows. The host builds the row-tile table from the plan it already holds (the forward
 * returned it), so no plan is rebuilt and nothing is read back in between.
 */
export function encodeLayerBackward(
  recorder: CommandRecorder,
  args: EncodeLayerBackwardArgs,
): LayerBackwardBuffers {
  const { weights, plan, tokens } = args;
  const { d, f } = weights;
  const experts = plan.numExperts;
  const rows = plan.expertOffset[experts]!;
  const gated = weights.expert.kind === 'swiglu';
  const inRows = gated ? 2 * f : f;
  const shape = { d, f, gated };

  const rowTiling = pickGemmTiling({ tokens: rows, experts });
  const tiles = rowTileTable(plan.expertOffset, experts, rowTiling.rows);
  const tileTable = recorder.upload(tiles, 'u32');
  const rowToken = recorder.upload(plan.rowToken, 'i32');
  const rowWeight = recorder.upload(args.rowWeight, 'f32');
  const scaled = recorder.uniform({ tokens, scalar0: args.expertInputScale });
  const placeholder = recorder.storage(1);

  const gu = recorder.storage(rows * inRows);
  const dHraw = recorder.storage(rows * f);
  const dGU = recorder.storage(rows * inRows);
  const hw = recorder.storage(rows * f);
  const rowWeightGrad = recorder.storage(rows);
  const inputGradRows = recorder.storage(rows * d);
  const inputGrad = recorder.storage(tokens * d);
  const wInGrad = recorder.storage(experts * inRows * d);
  const wDownGrad = recorder.storage(experts * d * f);

  const rowGrid = (mode: Parameters<typeof expertRowsGemmColumnTiles>[0]): [number, number] =>
    itemGrid(tiles[0]! * expertRowsGemmColumnTiles(mode, shape, rowTiling), 1);
  recorder.dispatch(
    kernelSources.expertRowsGemm({ mode: 'pre-activation', ...shape, tiling: rowTiling }),
    { params: scaled, a: args.x, b0: weights.wGate, b1: weights.wUp, rowToken, tiles: tileTable, out: gu },
    rowGrid('pre-activation'),
  );
  recorder.dispatch(
    kernelSources.expertRowsGemm({ mode: 'hidden-grad', ...shape, tiling: rowTiling }),
    {
      params: scaled,
      a: args.gradOutput,
      b0: weights.wDown,
      b1: placeholder,
      rowToken,
      tiles: tileTable,
      out: dHraw,
    },
    rowGrid('hidden-grad'),
  );
  recorder.dispatch(
    kernelSources.activationBackward(f, weights.expert),
    { params: recorder.uniform({ tokens: rows }), gu, dHraw, rowWeight, dGU, hw, rowWeightGrad },
    itemGrid(rows, 1),
  );
  recorder.dispatch(
    kernelSources.expertRowsGemm({ mode: 'input-grad', ...shape, tiling: rowTiling }),
    {
      params: scaled,
      a: dGU,
      b0: weights.wGate,
      b1: weights.wUp,
      rowToken,
      tiles: tileTable,
      out: inputGradRows,
    },
    rowGrid('input-grad'),
  );
  // Zero-computation slots add nothing here (no kinds given): the host adds their terms.
  recorder.dispatch(
    kernelSources.combine({ d, experts, kMax: args.kMax, zeroKinds: [] }),
    {
      params: scaled,
      x: args.x,
      expertOut: inputGradRows,
      slotExpert: recorder.upload(args.slotExpert, 'i32'),
      slotWeight: placeholder,
      slotRow: recorder.upload(plan.slotRow, 'i32'),
      constants: placeholder,
      y: inputGrad,
    },
    itemGrid(tokens, 1),
  );

  const expertOffset = recorder.upload(plan.expertOffset, 'u32');
  const weightTiling = weightGradTiling(d, f);
  for (const [mode, a, b, out] of [
    ['down', args.gradOutput, hw, wDownGrad],
    ['in', dGU, args.x, wInGrad],
  ] as const) {
    const perExpert = expertWeightGradTiles(mode, shape, weightTiling);
    if (perExpert > maxWorkgroupsPerDimension) {
      throw new UnsupportedError(
        `a ${d} x ${f} expert backward`,
        `its weight gradient needs ${perExpert} tiles per expert, more than ${maxWorkgroupsPerDimension}`,
      );
    }
    recorder.dispatch(
      kernelSources.expertWeightGrad({ mode, ...shape, tiling: weightTiling }),
      { params: scaled, a, b, rowToken, expertOffset, out },
      [perExpert, experts],
    );
  }
  return { inputGrad, rowWeightGrad, wInGrad, wDownGrad, rows, inRows };
}

/** Weight gradients are `d x f` matrices: the 64 x 64 tile unless a side is small. */
function weightGradTiling(d: number, f: number): GemmTiling {
  return Math.min(d, f) >= gemmTilings.medium.rows ? gemmTilings.medium : gemmTilings.small;
}
