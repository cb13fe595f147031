import { describe, expect, it } from 'vitest';
import type { MoeLayerV1, RouterSpecV1 } from '../contracts/index.ts';
import { InvalidArgumentError, NonFiniteError, ShapeError } from '../errors/index.ts';
import { createReferenceBackend } from './create-reference-backend.ts';
import { layerBackwardReference, layerForwardReference } from './layer-reference.ts';
import { routeBackwardReference } from './route-backward-reference.ts';
import { routeReference } from './route-reference.ts';

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296 - 0.5;
  };
}
const randomArray = (random: () => number, length: number, scale = 2): Float64Array =>
  Float64Array.from({ length }, () => random() * scale);

function spec(overrides: Partial<RouterSpecV1>): RouterSpecV1 {
  return {
    specificationVersion: 'v1',
    family: 'test',
    numExperts: 5,
    zeroComputation: [],
    logits: { kind: 'linear' },
    gatingResidual: false,
    scoring: { kind: 'softmax' },
    selection: { kind: 'top-k', k: 2 },
    weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: false },
    ...overrides,
  };
}

/** Central differences of `f` at `point`, perturbing each entry in place. */
function numericGradient(f: () => number, point: Float64Array, step = 1e-6): Float64Array {
  const out = new Float64Array(point.length);
  for (let i = 0; i < point.length; i++) {
    const saved = point[i]!;
    point[i] = saved + step;
    const plus = f();
    point[i] = saved - step;
    const minus = f();
    point[i] = saved;
    out[i] = (plus - minus) / (2 * step);
  }
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(tolerance * scale);
  }
}

const weightedSum = (dense: ArrayLike<number>, cotangent: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < dense.length; i++) sum += dense[i]! * cotangent[i]!;
  return sum;
};

const routerCases: [string, Partial<RouterSpecV1>][] = [
  ['softmax top-k renormalised', {}],
  [
    'softmax top-k raw with capacity',
    { weighting: { kind: 'score', scale: 1, gain: false }, capacityFactor: 1 },
  ],
  [
    'top-p raw',
    { selection: { kind: 'top-p', p: 0.5 }, weighting: { kind: 'score', scale: 1, gain: false } },
  ],
  [
    'relu positive',
    {
      scoring: { kind: 'relu' },
      selection: { kind: 'positive' },
      weighting: { kind: 'score', scale: 1, gain: false },
    },
  ],
  [
    'relu-rmsnorm with gain',
    {
      scoring: { kind: 'relu-rmsnorm', eps: 1e-5 },
      selection: { kind: 'positive' },
      weighting: { kind: 'score', scale: 1, gain: true },
    },
  ],
  [
    'sigmoid group-limited renormalised x2.5',
    {
      scoring: { kind: 'sigmoid' },
      numExperts: 6,
      selection: { kind: 'top-k', k: 2, groups: { count: 3, keep: 2, score: 'top2-sum' } },
      weighting: { kind: 'renormalise', scale: 2.5, excludeZeroExperts: false },
    },
  ],
  [
    'sigmoid group-limited, dropped groups at 0.0 (Hugging Face)',
    {
      scoring: { kind: 'sigmoid' },
      numExperts: 6,
      selection: { kind: 'top-k', k: 3, groups: { count: 3, keep: 1, score: 'top2-sum', dropped: 'zero' } },
      weighting: { kind: 'renormalise', scale: 2.5, excludeZeroExperts: false },
    },
  ],
  [
    'zero experts excluded, std-normalised, gating residual',
    {
      zeroComputation: ['constant', 'copy', 'zero'],
      gatingResidual: true,
      stdNormalise: { normStd: 1 },
      weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
    },
  ],
  [
    'expert choice',
    {
      selection: { kind: 'expert-choice', capacity: 3 },
      weighting: { kind: 'score', scale: 1, gain: false },
    },
  ],
];

describe('routeBackwardReference matches finite differences', () => {
  for (const [name, overrides] of routerCases) {
    it(name, () => {
      const routerSpec = spec(overrides);
      const total = routerSpec.numExperts + routerSpec.zeroComputation.length;
      const tokens = 6;
      const random = seeded(name.length * 7919);
      const logits = randomArray(random, tokens * total, 4);
      const cotangent = randomArray(random, tokens * total);
      const prevLogits = routerSpec.gatingResidual ? randomArray(random, tokens * total) : undefined;
      const gateMap = routerSpec.gatingResidual ? randomArray(random, total * total, 0.5) : undefined;
      const gain = Float64Array.from({ length: routerSpec.numExperts }, () => 1 + random());
      const input = () => ({ tokens, logits, prevLogits, gateMap, params: { gain } });
      const trace = routeReference(routerSpec, input());
      const dense = (): number => {
        const result = routeReference(routerSpec, input()).result;
        const full = new Float64Array(tokens * total);
        for (let t = 0; t < tokens; t++) {
          for (let j = 0; j < result.kCount[t]!; j++)
            full[t * total + result.slotExpert[t * result.kMax + j]!] =
              result.slotWeight[t * result.kMax + j]!;
        }
        return weightedSum(full, cotangent);
      };
      const grads = routeBackwardReference(trace, input(), { weights: cotangent });
      expectClose(grads.logits, numericGradient(dense, logits));
      if (prevLogits && gateMap) {
        expectClose(grads.prevLogits!, numericGradient(dense, prevLogits));
        expectClose(grads.gateMap!, numericGradient(dense, gateMap));
      }
      if (routerSpec.weighting.kind === 'score' && routerSpec.weighting.gain)
        expectClose(grads.gain!, numericGradient(dense, gain));
    });
  }

  it('DynMoE cosine-sigmoid threshold routing (straight-through) matches its definition', () => {
    const random = seeded(11);
    const tokens = 5;
    const d = 4;
    const experts = 3;
    const routerSpec = spec({
      numExperts: experts,
      logits: { kind: 'cosine', logitScale: 1.5 },
      scoring: { kind: 'sigmoid' },
      selection: { kind: 'threshold', thresholdScale: 1.5, fallback: 'none' },
      weighting: { kind: 'uniform' },
    });
    const x = randomArray(random, tokens * d);
    const router = randomArray(random, d * experts);
    const theta = randomArray(random, experts, 0.2);
    const cotangent = randomArray(random, tokens * experts);
    const input = { tokens, x, router, d, params: { thresholds: theta } };
    const trace = routeReference(routerSpec, input);
    const grads = routeBackwardReference(trace, input, { weights: cotangent });
    // STE: the surrogate is sum_{selected} C_te (s_te - g_e) / k_t with the selection and k_t frozen.
    const surrogate = (): number => {
      const frozen = routeReference(routerSpec, input);
      let sum = 0;
      for (let t = 0; t < tokens; t++) {
        for (let e = 0; e < experts; e++) {
          if (!trace.selected[t * experts + e]) continue;
          sum +=
            (cotangent[t * experts + e]! * (frozen.scores[t * experts + e]! - frozen.thresholds![e]!)) /
            trace.selectedCount[t]!;
        }
      }
      return sum;
    };
    expectClose(grads.x!, numericGradient(surrogate, x));
    expectClose(grads.router!, numericGradient(surrogate, router));
    expectClose(grads.thresholds!, numericGradient(surrogate, theta));
  });
});

describe('layer backward matches finite differences', () => {
  const cases: [string, Partial<RouterSpecV1>, MoeLayerV1['weights']['expert']][] = [
    [
      'top-p swiglu',
      { selection: { kind: 'top-p', p: 0.6 }, weighting: { kind: 'score', scale: 1, gain: false } },
      { kind: 'swiglu' },
    ],
    [
      'MoE++ constant/copy/zero with scaled input',
      {
        zeroComputation: ['constant', 'copy', 'zero'],
        stdNormalise: { normStd: 1 },
        weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
        selection: { kind: 'top-k', k: 3 },
      },
      { kind: 'swiglu' },
    ],
    [
      'GELU MLP with positive selection',
      {
        scoring: { kind: 'relu' },
        selection: { kind: 'positive' },
        weighting: { kind: 'score', scale: 1, gain: false },
      },
      { kind: 'mlp', activation: 'gelu' },
    ],
  ];
  for (const [name, overrides, expert] of cases) {
    it(name, () => {
      const routerSpec = spec(overrides);
      const random = seeded(name.length * 104729);
      const tokens = 5;
      const d = 3;
      const f = 4;
      const experts = routerSpec.numExperts;
      const total = experts + routerSpec.zeroComputation.length;
      const constants = routerSpec.zeroComputation.filter((kind) => kind === 'constant').length;
      const weights = {
        d,
        f,
        expert,
        router: randomArray(random, total * d),
        wGate: expert.kind === 'swiglu' ? randomArray(random, experts * f * d) : undefined,
        wUp: randomArray(random, experts * f * d),
        wDown: randomArray(random, experts * d * f),
        constants:
          constants > 0
            ? { wc: randomArray(random, constants * 2 * d), v: randomArray(random, constants * d) }
            : undefined,
      };
      const layer: MoeLayerV1 = {
        spec: routerSpec,
        weights,
        expertInputScale: constants > 0 ? 2 : undefined,
      };
      const x = randomArray(random, tokens * d);
      const g = randomArray(random, tokens * d);
      const objective = (): number => weightedSum(layerForwardReference(layer, { tokens, x }).y, g);
      const trace = layerForwardReference(layer, { tokens, x });
      const grads = layerBackwardReference(layer, { tokens, x }, trace, g);
      expectClose(grads.x, numericGradient(objective, x), 1e-5);
      expectClose(grads.router, numericGradient(objective, weights.router), 1e-5);
      expectClose(grads.wUp, numericGradient(objective, weights.wUp), 1e-5);
      expectClose(grads.wDown, numericGradient(objective, weights.wDown), 1e-5);
      if (weights.wGate) expectClose(grads.wGate!, numericGradient(objective, weights.wGate), 1e-5);
      if (weights.constants) {
        expectClose(grads.constants!.wc, numericGradient(objective, weights.constants.wc), 1e-5);
        expectClose(grads.constants!.v, numericGradient(objective, weights.constants.v), 1e-5);
      }
    });
  }
});

describe('bad input', () => {
  const logits = new Float64Array(10);
  it('rejects k > number of experts and k < 1 with the argument named', () => {
    expect(() => routeReference(spec({ selection: { kind: 'top-k', k: 6 } }), { tokens: 2, logits })).toThrow(
      InvalidArgumentError,
    );
    expect(() => routeReference(spec({ selection: { kind: 'top-k', k: 0 } }), { tokens: 2, logits })).toThrow(
      /selection\.k/,
    );
  });
  it('rejects p <= 0 and NaN', () => {
    expect(() => routeReference(spec({ selection: { kind: 'top-p', p: 0 } }), { tokens: 2, logits })).toThrow(
      /selection\.p/,
    );
    expect(() =>
      routeReference(spec({ selection: { kind: 'top-p', p: Number.NaN } }), { tokens: 2, logits }),
    ).toThrow(InvalidArgumentError);
  });
  it('rejects wrong shapes and non-finite logits', () => {
    expect(() => routeReference(spec({}), { tokens: 3, logits })).toThrow(ShapeError);
    const bad = new Float64Array(10);
    bad[7] = Number.POSITIVE_INFINITY;
    expect(() => routeReference(spec({}), { tokens: 2, logits: bad })).toThrow(NonFiniteError);
  });
  it('rejects an unknown router kind and group counts that do not divide E', () => {
    expect(() =>
      routeReference(spec({ selection: { kind: 'nope' } as never }), { tokens: 2, logits }),
    ).toThrow(/selection\.kind/);
    expect(() =>
      routeReference(
        spec({ selection: { kind: 'top-k', k: 1, groups: { count: 2, keep: 1, score: 'max' } } }),
        { tokens: 2, logits },
      ),
    ).toThrow(/divisor/);
  });
  it('rejects mismatched layer weights', async () => {
    const backend = await createReferenceBackend();
    const layer: MoeLayerV1 = {
      spec: spec({}),
      weights: {
        d: 2,
        f: 3,
        expert: { kind: 'swiglu' },
        router: new Float64Array(10),
        wGate: new Float64Array(30),
        wUp: new Float64Array(30),
        wDown: new Float64Array(29),
      },
    };
    await expect(backend.forward(layer, { tokens: 1, x: new Float64Array(2) })).rejects.toThrow(/wDown/);
    await backend.dispose();
    await expect(backend.route(spec({}), { tokens: 0, logits: new Float64Array(0) })).rejects.toThrow(
      /disposed/,
    );
  });
});

describe('group drop rule', () => {
  // Experts 0-1 form group 0, 2-3 group 1. Biased keys s + b: group 0 = (0.9 - 0.5, 0.8 - 1.0) = (0.4, -0.2),
  // group 1 = (0.3 - 0.5, 0.2 - 0.5) = (-0.2, -0.3): group 0 is kept (0.2 > -0.5), group 1 dropped.
  const logits = Float64Array.from([0.9, 0.8, 0.3, 0.2].map((p) => Math.log(p / (1 - p))));
  const selectionBias = [-0.5, -1.0, -0.5, -0.5];
  const groupSpec = (dropped: 'exclude' | 'zero') =>
    spec({
      numExperts: 4,
      scoring: { kind: 'sigmoid' },
      selection: { kind: 'top-k', k: 2, groups: { count: 2, keep: 1, score: 'top2-sum', dropped } },
    });
  it("'exclude' picks only kept experts, 'zero' lets a dropped expert (key 0.0) beat a negative kept one", () => {
    const excluded = routeReference(groupSpec('exclude'), { tokens: 1, logits, params: { selectionBias } });
    const zeroed = routeReference(groupSpec('zero'), { tokens: 1, logits, params: { selectionBias } });
    expect(Array.from(excluded.result.slotExpert)).toEqual([0, 1]);
    // Keys after the drop: (0.4, -0.2, 0, 0): expert 0, then expert 2 (0.0, lower id than 3).
    expect(Array.from(zeroed.result.slotExpert)).toEqual([0, 2]);
    expect(zeroed.result.slotWeight[0]).toBeCloseTo(0.9 / (0.9 + 0.3), 12);
  });
  it("allows k beyond the kept groups only with 'zero'", () => {
    const wide = (dropped: 'exclude' | 'zero') =>
      spec({
        numExperts: 4,
        scoring: { kind: 'sigmoid' },
        selection: { kind: 'top-k', k: 3, groups: { count: 2, keep: 1, score: 'top2-sum', dropped } },
      });
    expect(() => routeReference(wide('exclude'), { tokens: 1, logits })).toThrow(/selection\.k/);
    expect(routeReference(wide('zero'), { tokens: 1, logits }).result.kCount[0]).toBe(3);
    expect(() =>
      routeReference(
        spec({
          selection: {
            kind: 'top-k',
            k: 1,
            groups: { count: 5, keep: 1, score: 'max', dropped: 'nan' as never },
          },
        }),
        { tokens: 1, logits: new Float64Array(5) },
      ),
    ).toThrow(/selection\.groups\.dropped/);
  });
});

describe('empty batches', () => {
  it('T = 0 gives empty routing, plan and output', async () => {
    const backend = await createReferenceBackend();
    const layer: MoeLayerV1 = {
      spec: spec({}),
      weights: {
        d: 2,
        f: 3,
        expert: { kind: 'swiglu' },
        router: new Float64Array(10),
        wGate: new Float64Array(30),
        wUp: new Float64Array(30),
        wDown: new Float64Array(30),
      },
    };
    const forward = await backend.forward(
      layer,
      { tokens: 0, x: new Float64Array(0) },
      { retainForBackward: true },
    );
    expect(forward.y.length).toBe(0);
    expect(forward.plan.expertOffset).toEqual(new Int32Array(6));
    const grads = await backend.backward(
      layer,
      { tokens: 0, x: new Float64Array(0) },
      forward,
      new Float64Array(0),
    );
    expect(grads.x.length).toBe(0);
    expect(grads.wUp.every((value) => value === 0)).toBe(true);
  });
});
