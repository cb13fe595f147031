import type {
  ExpertKindV1,
  FloatArray,
  RouterParamsV1,
  RouterSpecV1,
  SharedExpertGateV1,
  TokenSlotsV1,
} from '@anyk/core';
import { type CommandRecorder, itemGrid } from '../gpu/command-recorder.ts';
import { bufferUsage } from '../gpu/gpu-constants.ts';
import { type ExpertFfnPath, ffnTileRows, pickExpertFfnPath } from '../kernels/expert-ffn-path.ts';
import type { GemmTiling } from '../kernels/gemm-tiles.ts';
import { gemvColumnBlocks } from '../kernels/gemv-core.wgsl.ts';
import { downColumnTiles } from '../kernels/grouped-gemm-down.wgsl.ts';
import { upColumnTiles } from '../kernels/grouped-gemm-up.wgsl.ts';
import { itemWorkgroupSize } from '../kernels/params.wgsl.ts';
import { planBlockTokens } from '../kernels/plan-count.wgsl.ts';
import { maxRowTiles, planMetaLayout } from '../kernels/plan-layout.ts';
import type { WeightDtype } from '../kernels/weight-load.wgsl.ts';
import { encodeRouting, type RoutingBuffers, type SlotBuffers } from './encode-routing.ts';
import { encodeSharedExperts } from './encode-shared-experts.ts';
import { kernelSources } from './kernel-sources.ts';

/** A layer's tensors on the device (uploaded once per call, or once for many calls by the diagnostics). */
export interface LayerDeviceWeights {
  readonly d: number;
  readonly f: number;
  readonly expert: ExpertKindV1;
  /** How the expert weights (routed and shared) are stored: float32, or 16-bit words widened in the kernels. */
  readonly dtype: WeightDtype;
  readonly router: GPUBuffer;
  /** A 1-element placeholder for `mlp` experts. */
  readonly wGate: GPUBuffer;
  readonly wUp: GPUBuffer;
  readonly wDown: GPUBuffer;
  /** `[wc (nConst x 2 x d) | v (nConst x d)]`, a placeholder without constant experts. */
  readonly constants: GPUBuffer;
  /** The shared experts (`weights.shared`), absent without. */
  readonly shared?: SharedDeviceWeights | undefined;
}

/** A layer's shared experts on the device: S experts of the layer's kind at their own width `f`. */
export interface SharedDeviceWeights {
  readonly count: number;
  readonly f: number;
  /** `softmax-mixed` weights come from the routing (Uni-MoE-2.0's mass split), not from a gate kernel. */
  readonly gate: SharedExpertGateV1;
  /** `[S, f, d]`, a placeholder for `mlp` experts. */
  readonly wGate: GPUBuffer;
  readonly wUp: GPUBuffer;
  readonly wDown: GPUBuffer;
  /** `[d]` for `gate: 'sigmoid'`, a placeholder otherwise. */
  readonly gateWeight: GPUBuffer;
}

export interface EncodeLayerArgs {
  readonly spec: RouterSpecV1;
  readonly kMax: number;
  readonly tokens: number;
  readonly x: GPUBuffer;
  readonly weights: LayerDeviceWeights;
  readonly params?: RouterParamsV1 | undefined;
  readonly prevLogits?: ArrayLike<number> | undefined;
  readonly gateMap?: ArrayLike<number> | undefined;
  readonly k?: ArrayLike<number> | undefined;
  readonly expertInputScale: number;
  /**
   * Slots decided on the host (a forward kept for `backward`: core's float64 routing, so the gradient
   * differentiates exactly the routing that ran). The routing kernels are then skipped and the result's
   * `routing` (the device logits and scores) is undefined.
   */
  readonly hostSlots?: TokenSlotsV1 | undefined;
  /** `[T, S]` the host routing's shared weights, with `hostSlots` for `softmax-mixed` shared experts. */
  readonly hostSharedWeight?: FloatArray | undefined;
  /** Forces the grouped GEMMs' tiling (tuning on one device); default `pickGemmTiling`. Not for the GEMV path. */
  readonly tiling?: GemmTiling | undefined;
  /** The decode GEMVs reduce with subgroup operations (the device has them, see `probeSubgroupLayout`). */
  readonly subgroups?: boolean | undefined;
}

/** Device buffers of one recorded layer; `planMeta` starts with `expertOffset [E + 1]`. */
export interface LayerBuffers extends SlotBuffers {
  /** The routing kernels' logits and scores; undefined when the slots came from the host. */
  readonly routing: RoutingBuffers | undefined;
  readonly y: GPUBuffer;
  readonly planMeta: GPUBuffer;
  readonly rowToken: GPUBuffer;
  readonly rowSlot: GPUBuffer;
  readonly slotRow: GPUBuffer;
  /** Worst-case plan rows `T x kMax` (the device knows the real count; the host never asks). */
  readonly rowCapacity: number;
  /** Which kernels computed the expert FFN (GEMV for decode batches, grouped GEMMs otherwise). */
  readonly expertFfn: ExpertFfnPath;
  /** `[tokens, S]` the shared experts' weights, when the layer has shared experts. */
  readonly sharedWeight: GPUBuffer | undefined;
}

/**
 * Records one MoE layer for `tokens > 0`, entirely on the device: routing, the three plan kernels (count,
 * scan, stable scatter), the two expert FFN kernels launched indirectly from the arguments the scan wrote, and
 * the gather combine. 8 dispatches for most specs (9 with capacity dropping or Uni-MoE-2.0's routing, 10
 * for expert-choice), no read-back, no host loop over experts. The FFN kernels are grouped GEMMs, or for a decode batch
 * (`pickExpertFfnPath`: at most 8 tokens) grouped GEMVs that read each used expert's weights once; the plan
 * scan counts row tiles of that path's height and sizes both launches, so the rest of the layer is the same.
 * Shared experts (`weights.shared`) add 3 dispatches before the combine (`encodeSharedExperts`: their gate,
 * then the same grouped FFN kernels over a host-built plan of S segments x T rows; 2 for Uni-MoE-2.0's
 * `softmax-mixed` gate, whose weights its routing computed), and the combine adds their rows.
 */
export function encodeLayer(recorder: CommandRecorder, args: EncodeLayerArgs): LayerBuffers {
  const { spec, kMax, tokens, weights } = args;
  const experts = spec.numExperts;
  const { d, f } = weights;
  const routing: SlotBuffers & { sharedWeight?: GPUBuffer | undefined } = args.hostSlots
    ? {
        slotExpert: recorder.upload(args.hostSlots.slotExpert, 'i32'),
        slotWeight: recorder.upload(args.hostSlots.slotWeight, 'f32'),
        kCount: recorder.upload(args.hostSlots.kCount, 'i32'),
        sharedWeight: args.hostSharedWeight ? recorder.upload(args.hostSharedWeight, 'f32') : undefined,
      }
    : encodeRouting(recorder, {
        spec,
        kMax,
        tokens,
        source: { kind: 'router', x: args.x, router: weights.router, d },
        prevLogits: args.prevLogits,
        gateMap: args.gateMap,
        params: args.params,
        k: args.k,
      });

  const rowCapacity = tokens * kMax;
  const picked = pickExpertFfnPath({ tokens, experts });
  const expertFfn: ExpertFfnPath =
    picked.kind === 'grouped-gemm' && args.tiling ? { kind: 'grouped-gemm', tiling: args.tiling } : picked;
  const tileRows = ffnTileRows(expertFfn);
  const maxTiles = maxRowTiles(rowCapacity, experts, tileRows);
  const blocks = Math.ceil(tokens / planBlockTokens);
  const uniform = recorder.uniform({ tokens });
  const blockCounts = recorder.storage(blocks * experts);
  const planMeta = recorder.storage(planMetaLayout(experts, maxTiles).length);
  const dispatchArgs = recorder.storage(6, bufferUsage.indirect);
  const rowToken = recorder.storage(rowCapacity);
  const rowSlot = recorder.storage(rowCapacity);
  const slotRow = recorder.storage(rowCapacity);

  recorder.dispatch(
    kernelSources.planCount(experts, kMax),
    { params: uniform, slotExpert: routing.slotExpert, blockCounts },
    itemGrid(blocks, itemWorkgroupSize),
  );
  recorder.dispatch(
    kernelSources.planScan({
      experts,
      maxTiles,
      tileRows,
      upColumnTiles:
        expertFfn.kind === 'gemv' ? gemvColumnBlocks(f) : upColumnTiles(f, weights.expert, expertFfn.tiling),
      downColumnTiles: expertFfn.kind === 'gemv' ? gemvColumnBlocks(d) : downColumnTiles(d, expertFfn.tiling),
    }),
    { params: uniform, blockCounts, planMeta, dispatchArgs },
    [1, 1],
  );
  recorder.dispatch(
    kernelSources.planScatter(experts, kMax),
    { params: uniform, slotExpert: routing.slotExpert, blockBase: blockCounts, rowToken, rowSlot, slotRow },
    itemGrid(blocks, itemWorkgroupSize),
  );

  const scaled = recorder.uniform({ tokens, scalar0: args.expertInputScale });
  const hidden = recorder.storage(rowCapacity * f);
  const expertOut = recorder.storage(rowCapacity * d);
  const shape = { d, f, experts, maxTiles, weights: weights.dtype };
  recorder.dispatchIndirect(
    expertFfn.kind === 'gemv'
      ? kernelSources.groupedGemvUp({
          ...shape,
          ...gemvOptions(args),
          expert: weights.expert,
          rows: expertFfn.rows,
        })
      : kernelSources.groupedGemmUp({ ...shape, expert: weights.expert, tiling: expertFfn.tiling }),
    { params: scaled, x: args.x, wGate: weights.wGate, wUp: weights.wUp, rowToken, planMeta, hidden },
    dispatchArgs,
    0,
  );
  recorder.dispatchIndirect(
    expertFfn.kind === 'gemv'
      ? kernelSources.groupedGemvDown({ ...shape, ...gemvOptions(args), rows: expertFfn.rows })
      : kernelSources.groupedGemmDown({ ...shape, tiling: expertFfn.tiling }),
    {
      params: uniform,
      hidden,
      wDown: weights.wDown,
      rowSlot,
      slotWeight: routing.slotWeight,
      planMeta,
      expertOut,
    },
    dispatchArgs,
    12,
  );
  const y = recorder.storage(tokens * d);
  const combined = {
    params: scaled,
    x: args.x,
    expertOut,
    slotExpert: routing.slotExpert,
    slotWeight: routing.slotWeight,
    slotRow,
    constants: weights.constants,
    y,
  };
  const combineShape = { d, experts, kMax, zeroKinds: spec.zeroComputation };
  let sharedWeight: GPUBuffer | undefined;
  if (weights.shared) {
    const encoded = encodeSharedExperts(recorder, {
      tokens,
      x: args.x,
      expertInputScale: args.expertInputScale,
      d,
      expert: weights.expert,
      dtype: weights.dtype,
      shared: weights.shared,
      routedShare: routing.sharedWeight,
      tiling: args.tiling,
      subgroups: args.subgroups,
    });
    sharedWeight = encoded.sharedWeight;
    recorder.dispatch(
      kernelSources.combineWithShared({ ...combineShape, sharedCount: weights.shared.count }),
      { ...combined, sharedOut: encoded.sharedOut },
      itemGrid(tokens, 1),
    );
  } else {
    recorder.dispatch(kernelSources.combine(combineShape), combined, itemGrid(tokens, 1));
  }
  return {
    slotExpert: routing.slotExpert,
    slotWeight: routing.slotWeight,
    kCount: routing.kCount,
    routing: args.hostSlots ? undefined : (routing as RoutingBuffers),
    y,
    planMeta,
    rowToken,
    rowSlot,
    slotRow,
    rowCapacity,
    expertFfn,
    sharedWeight,
  };
}

/** The GEMV kernels' subgroup constant: only present when set, so the plain path's kernels keep their key. */
export function gemvOptions(args: { readonly subgroups?: boolean | undefined }): { subgroups?: true } {
  return args.subgroups ? { subgroups: true } : {};
}
