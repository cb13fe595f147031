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
  tiedRow,
  tokenSelection,
} from '../__tests__/property-helpers.ts';
import { topP } from './top-p.ts';

/** p in (0, 1) on a fine grid, or p >= 1 (keeps every expert). */
const thresholds = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 999 }).map((permille) => permille / 1000) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 400 }).map((percent) => percent / 100) },
);

const cases = (row: RowArbitrary = distinctRow) =>
  fc.integer({ min: 1, max: 12 }).chain((numExperts) =>
    fc
      .record({
        numExperts: fc.constant(numExperts),
        tokens: fc.integer({ min: 1, max: 8 }),
        p: thresholds,
        maxK: fc.option(fc.integer({ min: 1, max: numExperts }), { nil: undefined }),
      })
      .chain((config) =>
        fc.record({ config: fc.constant(config), logits: logitsMatrix(config.tokens, numExperts, row) }),
      ),
  );

/**
 * The oracle: the shortest prefix of the descending order whose mass is strictly greater than p (all
 * experts when none is), truncated to maxK. Returns undefined when a cumulative sum lies within 1e-9 of p,
 * where float rounding (not the rule) would decide.
 */
function expectedPrefix(
  scores: ArrayLike<number>,
  offset: number,
  numExperts: number,
  p: number,
  maxK: number | undefined,
): number[] | undefined {
  const order = stableDescending(scores, offset, numExperts);
  let cumulative = 0;
  let take = numExperts;
  for (let rank = 0; rank < numExperts; rank++) {
    cumulative += scores[offset + order[rank]!]!;
    if (Math.abs(cumulative - p) < 1e-9) return undefined;
    if (cumulative > p && take === numExperts) take = rank + 1;
  }
  return order.slice(0, Math.min(take, maxK ?? numExperts));
}

describe('topP routing properties', () => {
  it('keeps the shortest prefix of the sorted order whose mass exceeds p (maxK truncates; p >= 1 keeps all)', () => {
    fc.assert(
      fc.property(cases(), ({ config, logits }) => {
        const { numExperts, tokens, p, maxK } = config;
        const routing = route(topP(config).spec(), { tokens, logits });
        expectWellFormed(routing, numExperts);
        for (let token = 0; token < tokens; token++) {
          const offset = token * numExperts;
          const probabilities = softmaxRow(logits, offset, numExperts);
          expectClose(routing.scores.subarray(offset, offset + numExperts), probabilities, 1e-12);
          const prefix = expectedPrefix(probabilities, 0, numExperts, p, maxK);
          fc.pre(prefix !== undefined);
          const { experts, weights } = tokenSelection(routing, token);
          // Never empty, never above the cap.
          check(experts.length >= 1 && experts.length <= (maxK ?? numExperts), `k = ${experts.length}`);
          expectSame(
            experts,
            [...prefix].sort((a, b) => a - b),
            `token ${token}`,
          );
          // The prefix is also a prefix of the logit order (softmax is monotone; logits are distinct).
          expectSame(
            [...stableDescending(logits, offset, numExperts).slice(0, experts.length)].sort((a, b) => a - b),
            experts,
          );
          if (p >= 1) check(experts.length === (maxK ?? numExperts), 'p >= 1 keeps every expert');
          // Mass checks, stated directly: the kept prefix exceeds p, one expert fewer does not.
          const mass = experts.reduce((total, expert) => total + probabilities[expert]!, 0);
          const smallest = Math.min(...experts.map((expert) => probabilities[expert]!));
          if (maxK === undefined && p < 1) check(mass > p && mass - smallest <= p + 1e-9, 'minimal prefix');
          // Weights are the raw probabilities (not renormalised).
          expectClose(
            weights,
            experts.map((expert) => probabilities[expert]!),
            1e-12,
          );
        }
      }),
      runsWithSeed(201, 1500),
    );
  });

  it('ties go to the lower expert id', () => {
    fc.assert(
      fc.property(cases(tiedRow), ({ config, logits }) => {
        const { numExperts, tokens, p, maxK } = config;
        const routing = route(topP(config).spec(), { tokens, logits });
        for (let token = 0; token < tokens; token++) {
          const offset = token * numExperts;
          // Equal integer logits give bitwise-equal probabilities, so the reference's own scores are the
          // exact keys; the oracle breaks their ties by the lower id.
          const prefix = expectedPrefix(routing.scores, offset, numExperts, p, maxK);
          fc.pre(prefix !== undefined);
          expectSame(
            tokenSelection(routing, token).experts,
            [...prefix].sort((a, b) => a - b),
          );
        }
      }),
      runsWithSeed(202),
    );
    // Four equal experts, p = 0.3: the first two (0.25 + 0.25 > 0.3), and they are the lower ids.
    const routing = route(topP({ numExperts: 4, p: 0.3 }).spec(), { tokens: 1, logits: new Float64Array(4) });
    expect(tokenSelection(routing, 0).experts).toEqual([0, 1]);
  });

  it('selection is invariant to adding a constant to each token’s logits', () => {
    fc.assert(
      fc.property(
        cases().chain((value) =>
          fc.record({ value: fc.constant(value), shifts: shiftsArbitrary(value.config.tokens) }),
        ),
        ({ value: { config, logits }, shifts }) => {
          const spec = topP(config).spec();
          const base = route(spec, { tokens: config.tokens, logits });
          const shifted = route(spec, {
            tokens: config.tokens,
            logits: shiftRows(logits, config.numExperts, shifts),
          });
          expectSame(shifted.slotExpert, base.slotExpert);
          expectClose(shifted.slotWeight, base.slotWeight, 1e-12);
        },
      ),
      runsWithSeed(203),
    );
  });

  it('takes the next expert when a cumulative sum equals p exactly (strictly greater rule)', () => {
    // Probabilities (0.5, 0.25, 0.25) are exact in float64: c_1 = 0.5 = p, so expert 1 is also taken.
    const logits = Float64Array.from([Math.log(2), 0, 0]);
    const routing = route(topP({ numExperts: 3, p: 0.5 }).spec(), { tokens: 1, logits });
    expect(tokenSelection(routing, 0).experts).toEqual([0, 1]);
  });
});

describe('topP with p >= 1', () => {
  // Regression: summing in float64, 0.936 + 0.032 + 0.032 rounds to 1 + 2^-52 > 1 and used to stop the
  // prefix before an expert whose probability underflows to exactly 0.
  it('p = 1 keeps every expert even when a probability underflows to 0', () => {
    const routing = route(topP({ numExperts: 4, p: 1 }).spec(), {
      tokens: 1,
      logits: Float64Array.from([0, 0, 3.375, -800]),
    });
    expect(routing.kCount[0]).toBe(4);
  });
});

describe('topP config', () => {
  it('fills the Dynamic_MoE default p = 0.4 and no cap', () => {
    const router = topP({ numExperts: 8 });
    expect(router.config).toEqual({ numExperts: 8, p: 0.4, maxK: undefined });
    expect(router.spec().selection).toEqual({ kind: 'top-p', p: 0.4, maxK: undefined });
    expect(router.spec().weighting).toEqual({ kind: 'score', scale: 1, gain: false });
  });

  it('rejects bad hyper-parameters with a typed error naming family, key and range', () => {
    for (const p of [0, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = expectInvalidArgument(() => topP({ numExperts: 4, p }), 'top-p', 'p', '(0, inf)');
      expect(error.actual).toBe(String(p));
    }
    expectInvalidArgument(() => topP({ numExperts: 4, maxK: 0 }), 'top-p', 'maxK', 'an integer in [1, 4]');
    expectInvalidArgument(() => topP({ numExperts: 4, maxK: 5 }), 'top-p', 'maxK', 'an integer in [1, 4]');
    expectInvalidArgument(() => topP({ numExperts: 0 }), 'top-p', 'numExperts', 'an integer >= 1');
  });
});
