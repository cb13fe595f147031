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
  sigmoid,
  softmaxRow,
  stableDescending,
  sum,
  tiedRow,
  tokenSelection,
} from '../__tests__/property-helpers.ts';
import { deepSeekV3 } from './deepseek-v3.ts';

const configs = fc
  .record({ nGroups: fc.integer({ min: 1, max: 4 }), groupSize: fc.integer({ min: 2, max: 4 }) })
  .chain(({ nGroups, groupSize }) =>
    fc.integer({ min: 1, max: nGroups }).chain((topkGroups) =>
      fc.record({
        numExperts: fc.constant(nGroups * groupSize),
        nGroups: fc.constant(nGroups),
        topkGroups: fc.constant(topkGroups),
        k: fc.integer({ min: 1, max: topkGroups * groupSize }),
        routeScale: fc.constantFrom(2.5, 1),
        scoreFunc: fc.constantFrom('sigmoid' as const, 'softmax' as const),
        groupScore: fc.constantFrom('top2-sum' as const, 'max' as const),
        tokens: fc.integer({ min: 1, max: 6 }),
      }),
    ),
  );

const cases = (row: RowArbitrary = distinctRow, withBias = true) =>
  configs.chain((config) =>
    fc.record({
      config: fc.constant(config),
      logits: logitsMatrix(config.tokens, config.numExperts, row),
      bias: withBias
        ? fc
            .array(fc.integer({ min: -16, max: 16 }), {
              minLength: config.numExperts,
              maxLength: config.numExperts,
            })
            .map((values) => Float64Array.from(values, (value) => value / 64))
        : fc.constant(new Float64Array(config.numExperts)),
    }),
  );

/**
 * Independent group-limited top-k on keys `s + b`: group score (sum of the two largest, or the max), keep
 * the best `topkGroups` groups (ties to the lower group), then the k best experts among them.
 */
function groupLimitedTopK(
  keys: number[],
  nGroups: number,
  topkGroups: number,
  k: number,
  groupScore: 'top2-sum' | 'max',
): number[] {
  const size = keys.length / nGroups;
  const groupScores = Array.from({ length: nGroups }, (_, group) => {
    const members = keys.slice(group * size, (group + 1) * size).sort((a, b) => b - a);
    return groupScore === 'max' || nGroups === 1 ? members[0]! : members[0]! + members[1]!;
  });
  const keptGroups = new Set(stableDescending(groupScores, 0, nGroups).slice(0, topkGroups));
  const candidates = keys.map((value, expert) =>
    keptGroups.has(Math.floor(expert / size)) ? value : Number.NEGATIVE_INFINITY,
  );
  return stableDescending(candidates, 0, keys.length)
    .slice(0, k)
    .sort((a, b) => a - b);
}

const scoresOf = (logits: Float64Array, offset: number, count: number, scoreFunc: 'sigmoid' | 'softmax') =>
  scoreFunc === 'softmax'
    ? softmaxRow(logits, offset, count)
    : Array.from(logits.subarray(offset, offset + count), (value) => sigmoid(value));

describe('deepSeekV3 routing properties', () => {
  it('group-limited top-k of s + b: exactly k experts from at most topkGroups groups', () => {
    fc.assert(
      fc.property(cases(), ({ config, logits, bias }) => {
        const { numExperts, nGroups, topkGroups, k, tokens, groupScore } = config;
        const routing = route(deepSeekV3(config).spec(), { tokens, logits, params: { selectionBias: bias } });
        expectWellFormed(routing, numExperts);
        for (let token = 0; token < tokens; token++) {
          const offset = token * numExperts;
          const scores = scoresOf(logits, offset, numExperts, config.scoreFunc);
          expectClose(routing.scores.subarray(offset, offset + numExperts), scores, 1e-12);
          const keys = Array.from(
            routing.scores.subarray(offset, offset + numExperts),
            (s, e) => s + bias[e]!,
          );
          const { experts } = tokenSelection(routing, token);
          check(experts.length === k, `token ${token}: ${experts.length} experts, not k`);
          expectSame(experts, groupLimitedTopK(keys, nGroups, topkGroups, k, groupScore), `token ${token}`);
          const groups = new Set(experts.map((expert) => Math.floor(expert / (numExperts / nGroups))));
          check(groups.size <= topkGroups, `${groups.size} groups used`);
        }
      }),
      runsWithSeed(1001),
    );
  });

  it('sigmoid weights are routeScale * s / sum_S s on the unbiased scores (sum = routeScale); softmax: routeScale * s', () => {
    fc.assert(
      fc.property(cases(), ({ config, logits, bias }) => {
        const { numExperts, tokens, routeScale, scoreFunc } = config;
        const routing = route(deepSeekV3(config).spec(), { tokens, logits, params: { selectionBias: bias } });
        for (let token = 0; token < tokens; token++) {
          const scores = scoresOf(logits, token * numExperts, numExperts, scoreFunc);
          const { experts, weights } = tokenSelection(routing, token);
          const mass = scoreFunc === 'sigmoid' ? sum(experts.map((expert) => scores[expert]!)) : 1;
          expectClose(
            weights,
            experts.map((expert) => (routeScale * scores[expert]!) / mass),
            1e-12,
          );
          if (scoreFunc === 'sigmoid')
            check(Math.abs(sum(weights) - routeScale) < 1e-12, 'weights sum to routeScale');
        }
      }),
      runsWithSeed(1002),
    );
  });

  it('ties go to the lower expert id and the lower group', () => {
    fc.assert(
      fc.property(cases(tiedRow, false), ({ config, logits }) => {
        const { numExperts, nGroups, topkGroups, k, tokens, groupScore } = config;
        const routing = route(deepSeekV3(config).spec(), { tokens, logits });
        for (let token = 0; token < tokens; token++) {
          // Equal integer logits give bitwise-equal scores: the reference's scores are exact tie keys.
          const keys = Array.from(routing.scores.subarray(token * numExperts, (token + 1) * numExperts));
          expectSame(
            tokenSelection(routing, token).experts,
            groupLimitedTopK(keys, nGroups, topkGroups, k, groupScore),
          );
        }
      }),
      runsWithSeed(1003),
    );
    // Two groups of two with equal scores: group 0 is kept, experts 0 and 1 taken.
    const router = deepSeekV3({ numExperts: 4, k: 2, nGroups: 2, topkGroups: 1 });
    const routing = route(router.spec(), { tokens: 1, logits: new Float64Array(4) });
    expect(tokenSelection(routing, 0).experts).toEqual([0, 1]);
  });

  it('softmax scoring: selection invariant to adding a constant to each token’s logits', () => {
    fc.assert(
      fc.property(
        cases()
          .filter(({ config }) => config.scoreFunc === 'softmax')
          .chain((value) =>
            fc.record({ value: fc.constant(value), shifts: shiftsArbitrary(value.config.tokens) }),
          ),
        ({ value: { config, logits, bias }, shifts }) => {
          const spec = deepSeekV3(config).spec();
          const params = { selectionBias: bias };
          const base = route(spec, { tokens: config.tokens, logits, params });
          const shifted = route(spec, {
            tokens: config.tokens,
            logits: shiftRows(logits, config.numExperts, shifts),
            params,
          });
          expectSame(shifted.scores, base.scores, 'scores (exact on the 1/16 grid)');
          expectSame(shifted.slotExpert, base.slotExpert);
        },
      ),
      runsWithSeed(1004),
    );
  });
});

describe('deepSeekV3 config', () => {
  it('defaults: no group limit, 2.5 scale, sigmoid scores, top2-sum group score', () => {
    const router = deepSeekV3({ numExperts: 8, k: 2 });
    expect(router.config).toEqual({
      numExperts: 8,
      k: 2,
      nGroups: 1,
      topkGroups: 1,
      routeScale: 2.5,
      scoreFunc: 'sigmoid',
      groupScore: 'top2-sum',
      droppedGroups: 'exclude',
      normalizeWeights: true,
    });
    expect(router.spec().selection).toEqual({ kind: 'top-k', k: 2, groups: undefined });
    expect(router.spec().weighting).toEqual({ kind: 'renormalise', scale: 2.5, excludeZeroExperts: false });
    expect(deepSeekV3({ numExperts: 8, k: 2, scoreFunc: 'softmax' }).spec().weighting).toEqual({
      kind: 'score',
      scale: 2.5,
      gain: false,
    });
    expect(deepSeekV3({ numExperts: 8, k: 2, nGroups: 4 }).spec().selection).toEqual({
      kind: 'top-k',
      k: 2,
      groups: { count: 4, keep: 4, score: 'top2-sum' },
    });
  });

  it('Hugging Face options: dropped groups at 0.0 (k up to E), weights without renormalisation', () => {
    const router = deepSeekV3({ numExperts: 8, k: 5, nGroups: 4, topkGroups: 2, droppedGroups: 'zero' });
    expect(router.spec().selection).toEqual({
      kind: 'top-k',
      k: 5,
      groups: { count: 4, keep: 2, score: 'top2-sum', dropped: 'zero' },
    });
    expect(deepSeekV3({ numExperts: 8, k: 2, normalizeWeights: false }).spec().weighting).toEqual({
      kind: 'score',
      scale: 2.5,
      gain: false,
    });
    expectInvalidArgument(
      () => deepSeekV3({ numExperts: 8, k: 2, droppedGroups: 'nan' as never }),
      'deepseek-v3',
      'droppedGroups',
      'one of "exclude", "zero"',
    );
  });

  it('rejects bad hyper-parameters with a typed error naming family, key and range', () => {
    expectInvalidArgument(
      () => deepSeekV3({ numExperts: 6, k: 2, nGroups: 4 }),
      'deepseek-v3',
      'nGroups',
      'a divisor of numExperts (6)',
    );
    expectInvalidArgument(
      () => deepSeekV3({ numExperts: 6, k: 2, nGroups: 7 }),
      'deepseek-v3',
      'nGroups',
      'an integer in [1, 6]',
    );
    expectInvalidArgument(
      () => deepSeekV3({ numExperts: 8, k: 2, nGroups: 4, topkGroups: 5 }),
      'deepseek-v3',
      'topkGroups',
      'an integer in [1, 4]',
    );
    // k cannot exceed the experts of the kept groups (2 groups of 2 here).
    expectInvalidArgument(
      () => deepSeekV3({ numExperts: 8, k: 5, nGroups: 4, topkGroups: 2 }),
      'deepseek-v3',
      'k',
      'an integer in [1, 4]',
    );
    expectInvalidArgument(
      () => deepSeekV3({ numExperts: 8, k: 9 }),
      'deepseek-v3',
      'k',
      'an integer in [1, 8]',
    );
    expectInvalidArgument(
      () => deepSeekV3({ numExperts: 8, k: 0 }),
      'deepseek-v3',
      'k',
      'an integer in [1, 8]',
    );
    expectInvalidArgument(
      () => deepSeekV3({ numExperts: 8, k: 2, scoreFunc: 'relu' as 'sigmoid' }),
      'deepseek-v3',
      'scoreFunc',
      '"sigmoid", "softmax"',
    );
    expectInvalidArgument(
      () => deepSeekV3({ numExperts: 8, k: 2, groupScore: 'mean' as 'max' }),
      'deepseek-v3',
      'groupScore',
      '"top2-sum", "max"',
    );
    expectInvalidArgument(
      () => deepSeekV3({ numExperts: 4, k: 1, nGroups: 4 }),
      'deepseek-v3',
      'nGroups',
      'groups of at least 2 experts',
    );
    expect(deepSeekV3({ numExperts: 4, k: 1, nGroups: 4, groupScore: 'max' }).config.nGroups).toBe(4);
    for (const routeScale of [0, -2.5, Number.NaN]) {
      expectInvalidArgument(
        () => deepSeekV3({ numExperts: 8, k: 2, routeScale }),
        'deepseek-v3',
        'routeScale',
        '(0, inf)',
      );
    }
  });
});
