import type { RouterSpecV1, RoutingResultV1 } from '@anyk/core';

/** Whether a router runs as in training or as in inference (DynMoE fallback, Ada-K sampling). */
export type RouterMode = 'train' | 'infer';

/** A trainable parameter of a router: name, shape for hidden size `d`, and its usual initialisation. */
export interface RouterParameterInfo {
  readonly name: string;
  readonly shape: readonly number[];
  /** How the authors' code initialises it. */
  readonly init: 'normal' | 'orthogonal' | 'zeros' | 'ones' | 'tile-router';
}

/**
 * What every family factory returns: its resolved configuration (defaults filled in), the spec a backend
 * executes, and its trainable parameters. Families add their own state updates.
 */
export interface RouterFamily<Name extends string, Config> {
  readonly family: Name;
  /** The configuration with every default filled in. */
  readonly config: Readonly<Config>;
  /** Number of real (FFN) experts. */
  readonly numExperts: number;
  /** Router columns: real + zero-computation candidates (+ Uni-MoE-2.0's shared columns). */
  readonly totalExperts: number;
  /** The spec for a call; `tokens` is needed only where the spec depends on the batch (expert-choice). */
  spec(options?: { readonly tokens?: number; readonly mode?: RouterMode }): RouterSpecV1;
  /** Trainable parameters for hidden size `d`. */
  parameters(d: number): readonly RouterParameterInfo[];
}

/** Tokens routed to each candidate expert (`[numExperts + Z]`), from slots. */
export function expertLoads(routing: RoutingResultV1, totalExperts: number): Float64Array {
  const loads = new Float64Array(totalExperts);
  for (let slot = 0; slot < routing.tokens * routing.kMax; slot++) {
    const expert = routing.slotExpert[slot]!;
    if (expert >= 0) loads[expert] = loads[expert]! + 1;
  }
  return loads;
}

/** Per-token selections (ascending ids) and weights as nested arrays, the fixtures' layout. */
export function selectionLists(routing: RoutingResultV1): { selection: number[][]; weights: number[][] } {
  const selection: number[][] = [];
  const weights: number[][] = [];
  for (let t = 0; t < routing.tokens; t++) {
    const ids: number[] = [];
    const values: number[] = [];
    for (let j = 0; j < routing.kCount[t]!; j++) {
      ids.push(routing.slotExpert[t * routing.kMax + j]!);
      values.push(routing.slotWeight[t * routing.kMax + j]!);
    }
    selection.push(ids);
    weights.push(values);
  }
  return { selection, weights };
}
