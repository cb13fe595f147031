import type { ExpertPlanV1, RouterSpecV1, RoutingResultV1 } from '@anyk/core';
import { stdNormaliseRowStd } from '@anyk/core/internal';
import type { ReadbackRequest } from '../gpu/command-recorder.ts';
import type { LayerBuffers } from '../layer/encode-layer.ts';
import type { RoutingBuffers } from '../layer/encode-routing.ts';

/** One read-back's typed arrays, in request order. */
export type ReadbackResults = readonly (Float32Array | Int32Array | Uint32Array)[];

/** The routing arrays a caller receives, in the order `routingFromReadback` reads them. */
export function routingReadback(
  routing: RoutingBuffers,
  tokens: number,
  total: number,
  kMax: number,
): ReadbackRequest[] {
  return [
    { buffer: routing.logits, elements: tokens * total, kind: 'f32' },
    { buffer: routing.scores, elements: tokens * total, kind: 'f32' },
    { buffer: routing.slotExpert, elements: tokens * kMax, kind: 'i32' },
    { buffer: routing.slotWeight, elements: tokens * kMax, kind: 'f32' },
    { buffer: routing.kCount, elements: tokens, kind: 'i32' },
  ];
}

/**
 * The routing result from the arrays `routingReadback` requested, in its order. With std-normalisation,
 * a token whose logits are too constant to normalise is core's `InvalidArgumentError` naming
 * `logits[t]`, as on every backend (checked on the read-back logits: the device only divides).
 */
export function routingFromReadback(
  results: ReadbackResults,
  tokens: number,
  kMax: number,
  spec: RouterSpecV1,
): RoutingResultV1 {
  const [logits, scores, slotExpert, slotWeight, kCount] = results;
  if (spec.stdNormalise && tokens > 0) {
    const total = (logits as Float32Array).length / tokens;
    for (let t = 0; t < tokens; t++) stdNormaliseRowStd(logits as Float32Array, t * total, total, t);
  }
  return {
    tokens,
    kMax,
    logits: logits as Float32Array,
    scores: scores as Float32Array,
    slotExpert: slotExpert as Int32Array,
    slotWeight: slotWeight as Float32Array,
    kCount: kCount as Int32Array,
  };
}

/** The plan arrays of a recorded layer, in the order `planFromReadback` reads them. */
export function planReadback(
  buffers: LayerBuffers,
  tokens: number,
  experts: number,
  kMax: number,
): ReadbackRequest[] {
  return [
    { buffer: buffers.planMeta, elements: experts + 1, kind: 'i32' },
    { buffer: buffers.rowToken, elements: buffers.rowCapacity, kind: 'i32' },
    { buffer: buffers.rowSlot, elements: buffers.rowCapacity, kind: 'i32' },
    { buffer: buffers.slotRow, elements: tokens * kMax, kind: 'i32' },
  ];
}

/** The plan from the arrays `planReadback` requested (row arrays cut to the plan's real row count). */
export function planFromReadback(results: ReadbackResults, experts: number): ExpertPlanV1 {
  const [expertOffset, rowToken, rowSlot, slotRow] = results as Int32Array[];
  const rows = expertOffset![experts] as number;
  return {
    numExperts: experts,
    expertOffset: expertOffset!,
    rowToken: rowToken!.slice(0, rows),
    rowSlot: rowSlot!.slice(0, rows),
    slotRow: slotRow!,
  };
}

/** The routing of an empty batch; with shared experts it carries their (empty) `sharedWeight`, as core's. */
export function emptyRouting(kMax: number, withShared = false): RoutingResultV1 {
  const routing = {
    tokens: 0,
    kMax,
    logits: new Float32Array(0),
    scores: new Float32Array(0),
    slotExpert: new Int32Array(0),
    slotWeight: new Float32Array(0),
    kCount: new Int32Array(0),
  };
  return withShared ? { ...routing, sharedWeight: new Float32Array(0) } : routing;
}

export function emptyPlan(experts: number): ExpertPlanV1 {
  return {
    numExperts: experts,
    expertOffset: new Int32Array(experts + 1),
    rowToken: new Int32Array(0),
    rowSlot: new Int32Array(0),
    slotRow: new Int32Array(0),
  };
}
