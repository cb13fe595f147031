import { InvalidArgumentError, type ZeroExpertKind } from '@anyk/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  check,
  distinctRow,
  expectClose,
  expectInvalidArgument,
  expectSame,
  expectWellFormed,
  logitsMatrix,
  type RowArbitrary,
  route,
  runsWithSeed,
  shiftRows,
  shiftsArbitrary,
  softmaxRow,
  stableDescending,
  sum,
  tiedRow,
  tokenSelection,
  topIndices,
} from '../__tests__/property-helpers.ts';
import { moePlusPlus } from './moe-plus-plus.ts';

const kinds = fc.constantFrom<ZeroExpertKind>('zero', 'copy', 'constant');

const configs = fc
  .record({
    numExperts: fc.integer({ min: 1, max: 6 }),
    zeroComputation: fc.array(kinds, { minLength: 0, maxLength: 4 }),
  })
  .filter(({ numExperts, zeroComputation }) => numExperts + zeroComputation.length >= 2)
  .chain(({ numExperts, zeroComputation }) =>
    fc.record({
      numExperts: fc.constant(numExperts),
      zeroComputation: fc.constant(zeroComputation),
      k: fc.integer({ min: 1, max: numExperts + zeroComputation.length }),
      logitsNorm: fc.boolean(),
      normStd: fc.constantFrom(1, 0.5, 2),
      mixtralGating: fc.boolean(),
      tokens: fc.integer({ min: 1, max: 6 }),
    }),
  );

const gridMatrix = (length: number) =>
  fc
    .array(fc.integer({ min: -8, max: 8 }), { minLength: length, maxLength: length })
    .map((values) => Float64Array.from(values, (value) => value / 8));

/** True when every pair of a row's values is more than `margin` apart (no float-decided ranking). */
const separated = (row: ArrayLike<number>, margin = 1e-9): boolean => {
  const sorted = Array.from(row).sort((a, b) => b - a);
  return sorted.every((value, rank) => rank === 0 || sorted[rank - 1]! - value > margin);
};

/**
 * Cases whose logits after the residual keep every pair of a row more than 1e-9 apart (distinct rows)
 * or at least not constant (tied rows, when std-normalising): the residual could otherwise create the
 * near-ties or constant rows the ranking properties exclude.
 */
const cases = (row: RowArbitrary = distinctRow) =>
  configs
    .chain((config) => {
      const total = config.numExperts + config.zeroComputation.length;
      return fc.record({
        config: fc.constant(config),
        logits: logitsMatrix(config.tokens, total, row),
        residual: fc.option(
          fc.record({ prevLogits: gridMatrix(config.tokens * total), gateMap: gridMatrix(total * total) }),
          { nil: undefined },
        ),
      });
    })
    .filter(({ config, logits, residual }) => {
      const total = config.numExperts + config.zeroComputation.length;
      const after = withResidual(logits, total, residual);
      for (let token = 0; token < config.tokens; token++) {
        const values = after.subarray(token * total, (token + 1) * total);
        const ok =
          row === distinctRow ? separated(values) : !config.logitsNorm || values.some((v) => v !== values[0]);
        if (!ok) return false;
      }
      return true;
    });

/** `z + prev M^T`, computed independently. */
function withResidual(
  logits: Float64Array,
  total: number,
  residual: { prevLogits: Float64Array; gateMap: Float64Array } | undefined,
): Float64Array {
  if (!residual) return Float64Array.from(logits);
  return logits.map((value, index) => {
    const token = Math.floor(index / total);
    const candidate = index % total;
    let added = 0;
    for (let j = 0; j < total; j++) {
      added += residual.prevLogits[token * total + j]! * residual.gateMap[candidate * total + j]!;
    }
    return value + added;
  });
}

/** Softmax of the (optionally std-normalised) row, written independently. */
function probabilitiesOf(row: number[], logitsNorm: boolean, normStd: number): number[] {
  if (!logitsNorm) return softmaxRow(row, 0, row.length);
  const mean = sum(row) / row.length;
  const std = Math.sqrt(sum(row.map((value) => (value - mean) ** 2)) / (row.length - 1));
  return softmaxRow(
    row.map((value) => (value * normStd) / std),
    0,
    row.length,
  );
}

const routeCase = (
  config: Parameters<typeof moePlusPlus>[0] & { tokens: number },
  logits: Float64Array,
  residual: { prevLogits: Float64Array; gateMap: Float64Array } | undefined,
) => route(moePlusPlus(config).spec(), { tokens: config.tokens, logits, ...residual });

describe('moePlusPlus routing properties', () => {
  it('gateResidual is the logits after the residual z + prev M^T (what the next layer reads)', () => {
    fc.assert(
      fc.property(cases(), ({ config, logits, residual }) => {
        const total = config.numExperts + config.zeroComputation.length;
        const routing = routeCase(config, logits, residual);
        const gate = moePlusPlus(config).gateResidual(routing);
        expectClose(gate, withResidual(logits, total, residual), 1e-12);
        expectSame(gate, routing.logits, 'gateResidual === routing.logits');
      }),
      runsWithSeed(901),
    );
  });

  it('takes the top k of the (normalised) logits after the residual; never empty', () => {
    fc.assert(
      fc.property(cases(), ({ config, logits, residual }) => {
        const { numExperts, zeroComputation, k, tokens } = config;
        const total = numExperts + zeroComputation.length;
        const routing = routeCase(config, logits, residual);
        expectWellFormed(routing, total);
        for (let token = 0; token < tokens; token++) {
          const row = routing.logits.subarray(token * total, (token + 1) * total);
          const { experts } = tokenSelection(routing, token);
          check(experts.length === k, 'exactly k candidates');
          expectSame(experts, topIndices(row, 0, total, k), `token ${token}`);
        }
      }),
      runsWithSeed(902),
    );
  });

  it('default gating: zero experts weigh 0, the rest renormalise to 1 (all 0 when only zero experts); Mixtral gating renormalises over all', () => {
    fc.assert(
      fc.property(cases(), ({ config, logits, residual }) => {
        const { numExperts, zeroComputation, tokens, logitsNorm, normStd, mixtralGating } = config;
        const total = numExperts + zeroComputation.length;
        const routing = routeCase(config, logits, residual);
        const after = withResidual(logits, total, residual);
        const isZero = (expert: number) =>
          expert >= numExperts && zeroComputation[expert - numExperts] === 'zero';
        for (let token = 0; token < tokens; token++) {
          const row = Array.from(after.subarray(token * total, (token + 1) * total));
          const probabilities = probabilitiesOf(row, logitsNorm, normStd);
          const { experts, weights } = tokenSelection(routing, token);
          const counted = experts.filter((expert) => mixtralGating || !isZero(expert));
          const mass = sum(counted.map((expert) => probabilities[expert]!));
          if (counted.length === 0) {
            expectSame(
              weights,
              experts.map(() => 0),
              'only zero experts: all weights 0',
            );
            continue;
          }
          expectClose(
            weights,
            experts.map((expert) => (counted.includes(expert) ? probabilities[expert]! / mass : 0)),
            1e-9,
          );
          check(Math.abs(sum(weights) - 1) < 1e-12, 'weights sum to 1');
        }
      }),
      runsWithSeed(903),
    );
  });

  it('ties go to the lower id', () => {
    fc.assert(
      fc.property(cases(tiedRow), ({ config, logits, residual }) => {
        const total = config.numExperts + config.zeroComputation.length;
        fc.pre(residual === undefined);
        const routing = routeCase(config, logits, undefined);
        for (let token = 0; token < config.tokens; token++) {
          expectSame(
            tokenSelection(routing, token).experts,
            topIndices(logits, token * total, total, config.k),
          );
        }
      }),
      runsWithSeed(904),
    );
  });

  it('selection is invariant to adding a constant to each token’s logits (with std-normalisation too)', () => {
    fc.assert(
      fc.property(
        cases().chain((value) =>
          fc.record({ value: fc.constant(value), shifts: shiftsArbitrary(value.config.tokens) }),
        ),
        ({ value: { config, logits, residual }, shifts }) => {
          const total = config.numExperts + config.zeroComputation.length;
          const base = routeCase(config, logits, residual);
          // With std-normalisation the shift becomes c / std (not exact); the cases keep logits 1e-9 apart.
          const shifted = routeCase(config, shiftRows(logits, total, shifts), residual);
          expectSame(shifted.slotExpert, base.slotExpert);
          expectClose(shifted.slotWeight, base.slotWeight, 1e-9);
        },
      ),
      runsWithSeed(905),
    );
  });

  it('{zero, X} gives X weight 1; {copy, X} gives convex weights; {copy, constant} uses no FFN', () => {
    const router = moePlusPlus({
      numExperts: 2,
      zeroComputation: ['zero', 'copy', 'constant'],
      logitsNorm: false,
    });
    const zeroAndFfn = route(router.spec(), { tokens: 1, logits: Float64Array.from([1, 0, 2, -3, -3]) });
    expect(tokenSelection(zeroAndFfn, 0)).toEqual({ experts: [0, 2], weights: [1, 0] });
    const copyAndFfn = route(router.spec(), { tokens: 1, logits: Float64Array.from([0, 1, -3, 1, -3]) });
    expect(tokenSelection(copyAndFfn, 0).experts).toEqual([1, 3]);
    expectClose(tokenSelection(copyAndFfn, 0).weights, [0.5, 0.5], 1e-15);
    const noFfn = route(router.spec(), { tokens: 1, logits: Float64Array.from([-3, -3, 0, 1, 1]) });
    expect(tokenSelection(noFfn, 0).experts).toEqual([3, 4]);
    // Mixtral gating gives the zero expert its renormalised share.
    const mixtral = moePlusPlus({
      numExperts: 2,
      zeroComputation: ['zero'],
      logitsNorm: false,
      mixtralGating: true,
    });
    const mixed = route(mixtral.spec(), { tokens: 1, logits: Float64Array.from([0, -3, 0]) });
    expectClose(tokenSelection(mixed, 0).weights, [0.5, 0.5], 1e-15);
    // The order of the selection follows stableDescending on equal logits: experts 0 and 2 tie, both kept.
    expect(stableDescending([0, -3, 0], 0, 3)).toEqual([0, 2, 1]);
  });

  it('a constant row cannot be std-normalised (typed error from the reference)', () => {
    const spec = moePlusPlus({ numExperts: 3, zeroComputation: [] }).spec();
    let caught: unknown;
    try {
      route(spec, { tokens: 1, logits: Float64Array.from([1, 1, 1]) });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as InvalidArgumentError).argument).toBe('logits[0]');
  });
});

describe('moePlusPlus config', () => {
  it('fills the released 7B defaults', () => {
    const router = moePlusPlus({ numExperts: 16 });
    expect(router.config).toEqual({
      numExperts: 16,
      zeroComputation: ['constant', 'constant', 'copy', 'zero'],
      k: 2,
      logitsNorm: true,
      normStd: 1,
      mixtralGating: false,
      scaleInputByK: false,
    });
    expect(router.totalExperts).toBe(20);
    expect(router.expertInputScale).toBe(1);
    expect(moePlusPlus({ numExperts: 4, scaleInputByK: true, k: 3 }).expertInputScale).toBe(3);
    expect(router.spec()).toMatchObject({
      gatingResidual: true,
      stdNormalise: { normStd: 1 },
      weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
    });
    expect(moePlusPlus({ numExperts: 4, logitsNorm: false }).spec().stdNormalise).toBeUndefined();
    expect(router.parameters(8).map((parameter) => [parameter.name, parameter.shape])).toEqual([
      ['router', [20, 8]],
      ['gateMap', [20, 20]],
      ['constantMix', [2, 2, 8]],
      ['constantVector', [2, 8]],
    ]);
  });

  it('rejects bad hyper-parameters with a typed error naming family, key and range', () => {
    const unknownKind = expectInvalidArgument(
      () => moePlusPlus({ numExperts: 4, zeroComputation: ['zero', 'identity' as ZeroExpertKind] }),
      'moe-plus-plus',
      'zeroComputation[1]',
      '"zero", "copy", "constant"',
    );
    expect(unknownKind.actual).toBe('"identity"');
    expectInvalidArgument(
      () => moePlusPlus({ numExperts: 4, zeroComputation: 'zero' as unknown as ZeroExpertKind[] }),
      'moe-plus-plus',
      'zeroComputation',
    );
    expectInvalidArgument(
      () => moePlusPlus({ numExperts: 2, zeroComputation: ['zero'], k: 4 }),
      'moe-plus-plus',
      'k',
      'an integer in [1, 3]',
    );
    expectInvalidArgument(
      () => moePlusPlus({ numExperts: 2, k: 0 }),
      'moe-plus-plus',
      'k',
      'an integer in [1, 6]',
    );
    expectInvalidArgument(
      () => moePlusPlus({ numExperts: 2, normStd: 0 }),
      'moe-plus-plus',
      'normStd',
      '(0, inf)',
    );
    expectInvalidArgument(
      () => moePlusPlus({ numExperts: 2, logitsNorm: 'yes' as unknown as boolean }),
      'moe-plus-plus',
      'logitsNorm',
      'a boolean',
    );
    // One candidate has no std: refused at construction, not at the first routing call.
    expectInvalidArgument(
      () => moePlusPlus({ numExperts: 1, zeroComputation: [], k: 1 }),
      'moe-plus-plus',
      'logitsNorm',
    );
    expect(moePlusPlus({ numExperts: 1, zeroComputation: [], k: 1, logitsNorm: false }).totalExperts).toBe(1);
  });
});
