import { type ExpertKindV1, KernelError } from '@anyk/core';
import { type CommandRecorder, itemGrid } from '../gpu/command-recorder.ts';
import { type ExpertFfnPath, ffnTileRows, pickExpertFfnPath } from '../kernels/expert-ffn-path.ts';
import type { GemmTiling } from '../kernels/gemm-tiles.ts';
import { gemvColumnBlocks } from '../kernels/gemv-core.wgsl.ts';
import { downColumnTiles } from '../kernels/grouped-gemm-down.wgsl.ts';
import { upColumnTiles } from '../kernels/grouped-gemm-up.wgsl.ts';
import { itemWorkgroupSize } from '../kernels/params.wgsl.ts';
import type { WeightDtype } from '../kernels/weight-load.wgsl.ts';
import { gemvOptions, type SharedDeviceWeights } from './encode-layer.ts';
import { kernelSources } from './kernel-sources.ts';
import { sharedExpertPlan } from './shared-expert-plan.ts';

export interface EncodeSharedExpertsArgs {
  readonly tokens: number;
  /** `[tokens, d]` the layer input (the gate reads it as is). */
  readonly x: GPUBuffer;
  /** MoE++'s expert input scale: shared experts see the routed experts' input `s x`, as in core. */
  readonly expertInputScale: number;
  readonly d: number;
  readonly expert: ExpertKindV1;
  /** How the expert weights are stored (the layer's, shared experts included). */
  readonly dtype: WeightDtype;
  readonly shared: SharedDeviceWeights;
  /** `[T, S]` the routing's shared weights, for `softmax-mixed` (Uni-MoE-2.0's mass split); unused otherwise. */
  readonly routedShare?: GPUBuffer | undefined;
  /** Forces the grouped GEMMs' tiling, as for the routed experts. */
  readonly tiling?: GemmTiling | undefined;
  /** The decode GEMVs reduce with subgroup operations, as for the routed experts. */
  readonly subgroups?: boolean | undefined;
}

/**
 * Records the shared experts of a layer (`tokens > 0`): the per-token shared weights (`shared-gate`, or the
 * routing's own for `softmax-mixed`), then
 * the routed experts' own grouped FFN kernels (GEMM, or GEMV for a decode batch) over `sharedExpertPlan`, a
 * plan of S segments that each hold every token, at the shared width `f_s`. Not a second FFN code path: the
 * kernels are compiled for `(d, f_s, S)` and launched directly (the host knows this plan, so no plan kernels
 * and no read-back), and the down projection applies each row's shared weight as it applies a routed row's
 * combine weight. Returns the weighted rows `[S T, d]` (row `s T + t`) for the combine and the weights
 * `[T, S]` (the routing result's `sharedWeight`).
 */
export function encodeSharedExperts(
  recorder: CommandRecorder,
  args: EncodeSharedExpertsArgs,
): { sharedOut: GPUBuffer; sharedWeight: GPUBuffer } {
  const { tokens, d, shared } = args;
  const { count, f } = shared;
  const picked = pickExpertFfnPath({ tokens, experts: count });
  const path: ExpertFfnPath =
    picked.kind === 'grouped-gemm' && args.tiling ? { kind: 'grouped-gemm', tiling: args.tiling } : picked;
  const { planMeta, plan, tiles } = sharedExpertPlan(tokens, count, ffnTileRows(path));
  const rows = tokens * count;
  // scalar0 is the up projection's input scale (the gate and the down projection do not read it).
  const params = recorder.uniform({ tokens, scalar0: args.expertInputScale });
  const sharedWeight = sharedWeights(recorder, args, params);
  const meta = recorder.upload(planMeta, 'u32');
  const rowToken = recorder.upload(plan.rowToken, 'i32');
  const rowSlot = recorder.upload(plan.rowSlot, 'i32');
  const hidden = recorder.storage(rows * f);
  const sharedOut = recorder.storage(rows * d);
  const shape = { d, f, experts: count, maxTiles: tiles, weights: args.dtype };
  const upColumns = path.kind === 'gemv' ? gemvColumnBlocks(f) : upColumnTiles(f, args.expert, path.tiling);
  const downColumns = path.kind === 'gemv' ? gemvColumnBlocks(d) : downColumnTiles(d, path.tiling);
  recorder.dispatch(
    path.kind === 'gemv'
      ? kernelSources.groupedGemvUp({ ...shape, ...gemvOptions(args), expert: args.expert, rows: path.rows })
      : kernelSources.groupedGemmUp({ ...shape, expert: args.expert, tiling: path.tiling }),
    { params, x: args.x, wGate: shared.wGate, wUp: shared.wUp, rowToken, planMeta: meta, hidden },
    itemGrid(tiles * upColumns, 1),
  );
  recorder.dispatch(
    path.kind === 'gemv'
      ? kernelSources.groupedGemvDown({ ...shape, ...gemvOptions(args), rows: path.rows })
      : kernelSources.groupedGemmDown({ ...shape, tiling: path.tiling }),
    {
      params,
      hidden,
      wDown: shared.wDown,
      rowSlot,
      slotWeight: sharedWeight,
      planMeta: meta,
      expertOut: sharedOut,
    },
    itemGrid(tiles * downColumns, 1),
  );
  return { sharedOut, sharedWeight };
}

/**
 * `[T, S]` the shared weights: the routing's own for `softmax-mixed`, else the `shared-gate` kernel's
 * (`none`: 1, `sigmoid`: `sigmoid(x_t . gateWeight)`).
 */
function sharedWeights(
  recorder: CommandRecorder,
  args: EncodeSharedExpertsArgs,
  params: GPUBuffer,
): GPUBuffer {
  const { tokens, d, shared } = args;
  if (shared.gate === 'softmax-mixed') {
    if (!args.routedShare) {
      // An encoder bug, not bad input: the layer's routing always supplies these weights.
      throw new KernelError(
        'webgpu',
        'shared-gate',
        "'softmax-mixed' shared experts without the routing's weights",
      );
    }
    return args.routedShare;
  }
  const sharedWeight = recorder.storage(tokens * shared.count);
  recorder.dispatch(
    kernelSources.sharedGate({ d, count: shared.count, gate: shared.gate }),
    { params, x: args.x, gateWeight: shared.gateWeight, sharedWeight },
    itemGrid(tokens, itemWorkgroupSize),
  );
  return sharedWeight;
}
