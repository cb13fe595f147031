import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayerInputV1, MoeLayerV1, RouterSpecV1 } from '@anyk/core';
import { findSharedFixtures } from '@anyk/core/testing';

/** A `{shape, data}` tensor of an `anyk-fixture/1` file. */
interface Tensor {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

/** The parts of a full-layer fixture with shared experts (fixtures README section 3) these tests read. */
export interface SharedLayerFixture {
  readonly id: string;
  readonly router: Readonly<Record<string, unknown>>;
  readonly layer: {
    readonly d: number;
    readonly f: number;
    readonly num_experts: number;
    readonly shared: { readonly count: number; readonly f: number; readonly gate: 'none' | 'sigmoid' };
  };
  readonly inputs: Readonly<Record<string, Tensor>>;
  readonly expect: {
    readonly selection: readonly (readonly number[])[];
    readonly weights: readonly (readonly number[])[];
    readonly shared_weights: Tensor;
    readonly output: Tensor;
    readonly grads: Readonly<Record<string, Tensor>>;
  };
  readonly tolerance: { readonly abs: number; readonly rel: number };
}

/**
 * Reads fixture files where they lie (never copied or edited): `shared/fixtures` found by core's
 * `findSharedFixtures` (or `ANYK_FIXTURES`). Throws when the folder is missing, so a test never passes
 * without its fixtures.
 */
export async function readSharedLayerFixture(relativePath: string): Promise<SharedLayerFixture> {
  const directory = findSharedFixtures(import.meta.url);
  if (directory === undefined) throw new Error('shared/fixtures not found: set ANYK_FIXTURES');
  return JSON.parse(await readFile(join(directory, relativePath), 'utf8')) as SharedLayerFixture;
}

/**
 * The layer and input of a `deepseek-v3` or `top-k` fixture with shared experts, in anyk's contract: the
 * router configuration mapped as the fixtures README's family sections define it.
 */
export function sharedFixtureLayer(fixture: SharedLayerFixture): { layer: MoeLayerV1; input: LayerInputV1 } {
  const { router, layer: shape, inputs } = fixture;
  const experts = shape.num_experts;
  const k = router.k as number;
  let spec: RouterSpecV1;
  const base = {
    specificationVersion: 'v1',
    family: String(router.kind),
    numExperts: experts,
    zeroComputation: [],
    logits: { kind: 'linear' },
    gatingResidual: false,
  } as const;
  if (router.kind === 'deepseek-v3') {
    const sigmoid = router.score_func === 'sigmoid';
    spec = {
      ...base,
      scoring: { kind: sigmoid ? 'sigmoid' : 'softmax' },
      selection: {
        kind: 'top-k',
        k,
        groups: {
          count: router.n_groups as number,
          keep: router.topk_groups as number,
          score: router.group_score as 'top2-sum' | 'max',
        },
      },
      weighting: sigmoid
        ? { kind: 'renormalise', scale: router.route_scale as number, excludeZeroExperts: false }
        : { kind: 'score', scale: router.route_scale as number, gain: false },
    };
  } else if (router.kind === 'top-k') {
    spec = {
      ...base,
      scoring: { kind: 'softmax' },
      selection: { kind: 'top-k', k },
      weighting:
        router.weights === 'raw'
          ? { kind: 'score', scale: 1, gain: false }
          : { kind: 'renormalise', scale: 1, excludeZeroExperts: false },
    };
  } else {
    throw new Error(`no spec mapping for family ${String(router.kind)} in this test helper`);
  }
  const data = (name: string): Float64Array | undefined =>
    inputs[name] ? Float64Array.from(inputs[name].data) : undefined;
  const x = data('x') as Float64Array;
  const layer: MoeLayerV1 = {
    spec,
    weights: {
      d: shape.d,
      f: shape.f,
      expert: { kind: 'swiglu' },
      router: data('W_router') as Float64Array,
      wGate: data('W_gate'),
      wUp: data('W_up') as Float64Array,
      wDown: data('W_down') as Float64Array,
      shared: {
        count: shape.shared.count,
        f: shape.shared.f,
        gate: shape.shared.gate,
        wGate: data('Ws_gate'),
        wUp: data('Ws_up') as Float64Array,
        wDown: data('Ws_down') as Float64Array,
        gateWeight: data('w_shared_gate'),
      },
    },
    params: inputs.bias ? { selectionBias: data('bias') } : undefined,
  };
  return { layer, input: { tokens: x.length / shape.d, x } };
}
