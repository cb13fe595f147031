import type { RouterSpecV1, RoutingResultV1, UniMoeSelectionV1 } from '@anyk/core';
import { dynamicExperts, uniMoeCapacity } from '@anyk/core/internal';
import type { GpuJsRuntime } from './gpujs-runtime.ts';
import {
  uniMoeKeepKernel,
  uniMoeMultiplierKernel,
  uniMoeRankKernel,
  uniMoeScoresKernel,
  uniMoeWeightKernel,
} from './kernels/index.ts';

/**
 * Uni-MoE-2.0 routing (`uni-moe-top-p` + `window-renormalise`) on gpu.js from the `[T, total]` logits:
 * dynamic-column softmax, the pick ranks, the pick multipliers, the capacity keep mask and the final
 * weights each run as one kernel; the host only compacts the kept picks into slots and the shared columns into `sharedWeight`.
 * Decisions are taken on float32 values, so they equal the float64 reference's except within float32
 * rounding of a tie (or of the count's `c_j >= p` test, or of a window edge).
 */
export async function routeUniMoeGpuJs(
  runtime: GpuJsRuntime,
  spec: RouterSpecV1,
  logits: Float32Array,
  tokens: number,
  total: number,
  kMax: number,
): Promise<RoutingResultV1> {
  const selection = spec.selection as UniMoeSelectionV1;
  const epsilon = spec.weighting.kind === 'window-renormalise' ? spec.weighting.epsilon : 0;
  const dynamic = dynamicExperts(spec);
  const grid = [total, tokens] as const;
  const scores = await runtime.run(uniMoeScoresKernel, grid, { z: logits, total, dynamic });
  const ranks = await runtime.run(uniMoeRankKernel, grid, { z: logits, total, dynamic });
  const multipliers = await runtime.run(uniMoeMultiplierKernel, grid, {
    z: logits,
    scores,
    ranks,
    total,
    dynamic,
    p: selection.p,
    k: selection.k,
    windowEps: selection.windowEps,
  });
  const capacity = selection.capacity
    ? uniMoeCapacity(tokens, dynamic, selection.capacity.factor, selection.capacity.minCapacity)
    : tokens;
  const keep = await runtime.run(uniMoeKeepKernel, grid, { z: logits, multipliers, total, tokens, capacity });
  const weights = await runtime.run(uniMoeWeightKernel, grid, {
    z: logits,
    multipliers,
    keep,
    total,
    dynamic,
    experts: spec.numExperts,
    epsilon,
    renormaliseKept: selection.capacity ? 1 : 0,
  });

  // Host: the kept picks as token-major slots (null picks listed with weight 0), the shared columns apart.
  const slotExpert = new Int32Array(tokens * kMax).fill(-1);
  const slotWeight = new Float32Array(tokens * kMax);
  const kCount = new Int32Array(tokens);
  const sharedCount = total - dynamic;
  const sharedWeight = sharedCount > 0 ? new Float32Array(tokens * sharedCount) : undefined;
  for (let t = 0; t < tokens; t++) {
    let slot = 0;
    for (let e = 0; e < dynamic; e++) {
      if (!(keep[t * total + e]! > 0)) continue;
      slotExpert[t * kMax + slot] = e;
      slotWeight[t * kMax + slot] = weights[t * total + e]!;
      slot++;
    }
    kCount[t] = slot;
    sharedWeight?.set(weights.subarray(t * total + dynamic, (t + 1) * total), t * sharedCount);
  }
  return { tokens, kMax, slotExpert, slotWeight, kCount, logits, scores, sharedWeight };
}
