import type { RouterParamsV1, RouterSpecV1, UniMoeSelectionV1 } from '@anyk/core';
import { dynamicExperts, totalExperts, uniMoeCapacity } from '@anyk/core/internal';
import { type CommandRecorder, itemGrid } from '../gpu/command-recorder.ts';
import { itemWorkgroupSize } from '../kernels/params.wgsl.ts';
import { routerParamsLayout } from '../kernels/router-params-layout.ts';
import { kernelSources } from './kernel-sources.ts';

/** The token-major slots on the device (what the plan and the combine read). */
export interface SlotBuffers {
  readonly slotExpert: GPUBuffer;
  readonly slotWeight: GPUBuffer;
  readonly kCount: GPUBuffer;
}

/** Device buffers of one routing: logits after residual, scores, and the token-major slots. */
export interface RoutingBuffers extends SlotBuffers {
  readonly logits: GPUBuffer;
  readonly scores: GPUBuffer;
  /** `[T, S]` the shared experts' weights of a spec with shared router columns (Uni-MoE-2.0), else absent. */
  readonly sharedWeight?: GPUBuffer | undefined;
}

/** Where the logits come from: given by the caller, or a router GEMM over device-resident x. */
export type LogitsSource =
  | { readonly kind: 'logits'; readonly logits: ArrayLike<number> }
  | { readonly kind: 'router'; readonly x: GPUBuffer; readonly router: GPUBuffer; readonly d: number };

export interface EncodeRoutingArgs {
  readonly spec: RouterSpecV1;
  readonly kMax: number;
  readonly tokens: number;
  readonly source: LogitsSource;
  readonly prevLogits?: ArrayLike<number> | undefined;
  readonly gateMap?: ArrayLike<number> | undefined;
  readonly params?: RouterParamsV1 | undefined;
  readonly k?: ArrayLike<number> | undefined;
}

/**
 * Records routing for `tokens > 0`: router GEMM (when x is given), then one routing dispatch (or three for
 * expert-choice: scores, experts pick, slots; two for Uni-MoE-2.0: picks, then weights), then capacity
 * dropping when the spec asks. Nothing is read back; the returned buffers feed the plan.
 */
export function encodeRouting(recorder: CommandRecorder, args: EncodeRoutingArgs): RoutingBuffers {
  const { spec, kMax, tokens, source } = args;
  const experts = spec.numExperts;
  // Every logit column: routed, zero-computation, and Uni-MoE-2.0's shared columns (last).
  const candidates = totalExperts(spec);
  const uniform = recorder.uniform({ tokens });

  let logitsIn: GPUBuffer;
  if (source.kind === 'logits') {
    logitsIn = recorder.upload(source.logits, 'f32');
  } else {
    logitsIn = recorder.storage(tokens * candidates);
    if (spec.logits.kind === 'cosine') {
      recorder.dispatch(
        kernelSources.cosineLogits(source.d, experts),
        {
          params: recorder.uniform({ tokens, scalar0: spec.logits.logitScale }),
          x: source.x,
          embeddings: source.router,
          logits: logitsIn,
        },
        itemGrid(tokens * experts, itemWorkgroupSize),
      );
    } else {
      recorder.dispatch(
        kernelSources.routerLogits(source.d, candidates),
        { params: uniform, x: source.x, router: source.router, logits: logitsIn },
        itemGrid(tokens * candidates, itemWorkgroupSize),
      );
    }
  }

  if (spec.selection.kind === 'uni-moe-top-p') {
    return encodeUniMoeRouting(recorder, spec, spec.selection, { tokens, kMax, logits: logitsIn });
  }

  const withResidual = spec.gatingResidual && args.prevLogits !== undefined && args.gateMap !== undefined;
  let residual: GPUBuffer;
  if (withResidual) {
    const packed = new Float32Array(tokens * candidates + candidates * candidates);
    packed.set(args.prevLogits as ArrayLike<number>, 0);
    packed.set(args.gateMap as ArrayLike<number>, tokens * candidates);
    residual = recorder.upload(packed, 'f32');
  } else {
    residual = recorder.storage(1);
  }

  const layout = routerParamsLayout(experts, candidates);
  const packedParams = new Float32Array(layout.predictedK + tokens);
  const params = args.params ?? {};
  if (params.selectionBias) packedParams.set(params.selectionBias, layout.bias);
  if (params.thresholds) packedParams.set(params.thresholds, layout.thresholds);
  if (params.mask) packedParams.set(params.mask, layout.mask);
  else packedParams.fill(1, layout.mask, layout.mask + experts);
  if (params.gain) packedParams.set(params.gain, layout.gain);
  else packedParams.fill(1, layout.gain, layout.gain + experts);
  if (args.k) packedParams.set(args.k, layout.predictedK);
  const routerParams = recorder.upload(packedParams, 'f32');

  const logits = recorder.storage(tokens * candidates);
  const scores = recorder.storage(tokens * candidates);
  let slotExpert = recorder.storage(tokens * kMax);
  let slotWeight = recorder.storage(tokens * kMax);
  let kCount = recorder.storage(tokens);
  const tokenGrid = itemGrid(tokens, itemWorkgroupSize);

  if (spec.selection.kind === 'expert-choice') {
    const tieKeys = recorder.storage(tokens * candidates);
    recorder.dispatch(
      kernelSources.routeTokens(spec, kMax, 'scores', withResidual),
      { params: uniform, logitsIn, residual, routerParams, logitsOut: logits, scores, tieKeys },
      tokenGrid,
    );
    const chosen = recorder.storage(tokens * candidates);
    recorder.dispatch(
      kernelSources.expertChoice(candidates),
      {
        params: recorder.uniform({ tokens, count0: Math.min(spec.selection.capacity, tokens) }),
        scores,
        routerParams,
        tieKeys,
        chosen,
      },
      itemGrid(tokens * candidates, itemWorkgroupSize),
    );
    recorder.dispatch(
      kernelSources.routeTokens(spec, kMax, 'from-choice', false),
      { params: uniform, scoresIn: scores, routerParams, chosen, slotExpert, slotWeight, kCount },
      tokenGrid,
    );
  } else {
    recorder.dispatch(
      kernelSources.routeTokens(spec, kMax, 'full', withResidual),
      {
        params: uniform,
        logitsIn,
        residual,
        routerParams,
        logitsOut: logits,
        scores,
        slotExpert,
        slotWeight,
        kCount,
      },
      tokenGrid,
    );
  }

  if (spec.capacityFactor !== undefined && spec.selection.kind === 'top-k') {
    const capacity = Math.min(tokens, Math.ceil((tokens * spec.selection.k * spec.capacityFactor) / experts));
    const keptExpert = recorder.storage(tokens * kMax);
    const keptWeight = recorder.storage(tokens * kMax);
    const keptCount = recorder.storage(tokens);
    recorder.dispatch(
      kernelSources.capacityDrop(experts, kMax),
      {
        params: recorder.uniform({ tokens, count0: capacity }),
        slotExpertIn: slotExpert,
        slotWeightIn: slotWeight,
        slotExpert: keptExpert,
        slotWeight: keptWeight,
        kCount: keptCount,
      },
      tokenGrid,
    );
    slotExpert = keptExpert;
    slotWeight = keptWeight;
    kCount = keptCount;
  }
  return { logits, scores, slotExpert, slotWeight, kCount };
}

/**
 * Uni-MoE-2.0's routing from its `[T, D + S]` logits (no residual, no normalisation: the spec forbids them):
 * `uni-moe-picks` (scores, count, picks, first renormalisation), then `uni-moe-weights` (capacity, second
 * renormalisation, mass split, slots and shared weights). The logits buffer is the routing's logits as is.
 */
function encodeUniMoeRouting(
  recorder: CommandRecorder,
  spec: RouterSpecV1,
  selection: UniMoeSelectionV1,
  shape: { tokens: number; kMax: number; logits: GPUBuffer },
): RoutingBuffers {
  const { tokens, kMax, logits } = shape;
  const dynamic = dynamicExperts(spec);
  const shared = spec.sharedExperts?.count ?? 0;
  const epsilon = spec.weighting.kind === 'window-renormalise' ? spec.weighting.epsilon : 0;
  const tokenGrid = itemGrid(tokens, itemWorkgroupSize);
  const scores = recorder.storage(tokens * (dynamic + shared));
  const pickRate = recorder.storage(tokens * dynamic);
  recorder.dispatch(
    kernelSources.uniMoePicks({ dynamic, columns: dynamic + shared, selection, epsilon }),
    { params: recorder.uniform({ tokens }), logits, scores, pickRate },
    tokenGrid,
  );
  const capacity = selection.capacity;
  const slotExpert = recorder.storage(tokens * kMax);
  const slotWeight = recorder.storage(tokens * kMax);
  const kCount = recorder.storage(tokens);
  const sharedWeight = recorder.storage(tokens * shared);
  recorder.dispatch(
    kernelSources.uniMoeWeights({
      experts: spec.numExperts,
      dynamic,
      shared,
      kMax,
      capacity: capacity !== undefined,
      epsilon,
    }),
    {
      params: recorder.uniform({
        tokens,
        count0: capacity ? uniMoeCapacity(tokens, dynamic, capacity.factor, capacity.minCapacity) : 0,
      }),
      logits,
      pickRate,
      slotExpert,
      slotWeight,
      kCount,
      sharedWeight,
    },
    tokenGrid,
  );
  return {
    logits,
    scores,
    slotExpert,
    slotWeight,
    kCount,
    sharedWeight: shared > 0 ? sharedWeight : undefined,
  };
}
