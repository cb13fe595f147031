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
  route,
  runsWithSeed,
  shiftRows,
  shiftsArbitrary,
  softmaxRow,
  stableDescending,
  tiedRow,
  tokenSelection,
} from '../__tests__/property-helpers.ts';
import { expertChoice } from './expert-choice.ts';

const configs = fc.record({
  numExperts: fc.integer({ min: 1, max: 8 }),
  tokens: fc.integer({ min: 1, max: 12 }),
  capacityFactor: fc.integer({ min: 1, max: 40 }).map((tenths) => tenths / 10),
  minCapacity: fc.integer({ min: 0, max: 5 }),
});

const cases = configs.chain((config) =>
  fc.record({
    config: fc.constant(config),
    logits: logitsMatrix(config.tokens, config.numExperts, distinctRow),
  }),
);

/** The tokens of one expert's column, best C first (ties to the lower token), in ascending token order. */
function columnTop(probabilities: number[][], expert: number, capacity: number): number[] {
  const column = probabilities.map((row) => row[expert]!);
  return stableDescending(column, 0, column.length)
    .slice(0, capacity)
    .sort((a, b) => a - b);
}

describe('expertChoice routing properties', () => {
  it('every expert takes exactly C = capacityFor(T) tokens: the C largest probabilities of its column', () => {
    fc.assert(
      fc.property(cases, ({ config, logits }) => {
        const { numExperts, tokens } = config;
        const router = expertChoice(config);
        const capacity = router.capacityFor(tokens);
        const routing = route(router.spec({ tokens }), { tokens, logits });
        expectWellFormed(routing, numExperts);
        const probabilities = Array.from({ length: tokens }, (_, token) =>
          softmaxRow(logits, token * numExperts, numExperts),
        );
        const chosen = Array.from({ length: numExperts }, () => [] as number[]);
        for (let token = 0; token < tokens; token++) {
          const { experts, weights } = tokenSelection(routing, token);
          check(experts.length <= numExperts, 'a token gets 0..E experts');
          for (const expert of experts) chosen[expert]?.push(token);
          // Weights are the probabilities, not renormalised.
          expectClose(
            weights,
            experts.map((expert) => probabilities[token]?.[expert] as number),
            1e-12,
          );
        }
        for (let expert = 0; expert < numExperts; expert++) {
          check(
            chosen[expert]?.length === capacity,
            `expert ${expert} holds ${chosen[expert]?.length}, not ${capacity}`,
          );
        }
        // Column ranking uses the reference's scores (exact keys); they match the oracle's softmax.
        const referenceScores = Array.from({ length: tokens }, (_, token) =>
          Array.from(routing.scores.subarray(token * numExperts, (token + 1) * numExperts)),
        );
        for (let expert = 0; expert < numExperts; expert++) {
          expectSame(
            chosen[expert] as number[],
            columnTop(referenceScores, expert, capacity),
            `expert ${expert}`,
          );
        }
      }),
      runsWithSeed(1101),
    );
  });

  it('ties go to the lower token (identical rows give bitwise-equal probabilities)', () => {
    const tiedCases = configs.chain((config) =>
      fc.record({
        config: fc.constant(config),
        distinctRows: fc.array(tiedRow(config.numExperts), { minLength: 1, maxLength: 3 }),
        picks: fc.array(fc.nat(), { minLength: config.tokens, maxLength: config.tokens }),
      }),
    );
    fc.assert(
      fc.property(tiedCases, ({ config, distinctRows, picks }) => {
        const { numExperts, tokens } = config;
        const rows = picks.map((pick) => distinctRows[pick % distinctRows.length] as number[]);
        const logits = Float64Array.from(rows.flat());
        const router = expertChoice(config);
        const capacity = router.capacityFor(tokens);
        const routing = route(router.spec({ tokens }), { tokens, logits });
        const scores = Array.from({ length: tokens }, (_, token) =>
          Array.from(routing.scores.subarray(token * numExperts, (token + 1) * numExperts)),
        );
        for (let expert = 0; expert < numExperts; expert++) {
          const taken: number[] = [];
          for (let token = 0; token < tokens; token++) {
            if (tokenSelection(routing, token).experts.includes(expert)) taken.push(token);
          }
          expectSame(taken, columnTop(scores, expert, capacity), `expert ${expert}`);
        }
      }),
      runsWithSeed(1102),
    );
    // Four identical tokens, capacity 2: every expert takes tokens 0 and 1.
    const routing = route(expertChoice({ numExperts: 3, capacity: 2 }).spec(), {
      tokens: 4,
      logits: new Float64Array(12),
    });
    expect(Array.from(routing.kCount)).toEqual([3, 3, 0, 0]);
  });

  it('selection is invariant to adding a constant to each token’s logits', () => {
    fc.assert(
      fc.property(
        cases.chain((value) =>
          fc.record({ value: fc.constant(value), shifts: shiftsArbitrary(value.config.tokens) }),
        ),
        ({ value: { config, logits }, shifts }) => {
          const spec = expertChoice(config).spec({ tokens: config.tokens });
          const base = route(spec, { tokens: config.tokens, logits });
          const shifted = route(spec, {
            tokens: config.tokens,
            logits: shiftRows(logits, config.numExperts, shifts),
          });
          expectSame(shifted.slotExpert, base.slotExpert);
          expectClose(shifted.slotWeight, base.slotWeight, 1e-12);
        },
      ),
      runsWithSeed(1103),
    );
  });
});

describe('expertChoice capacityFor', () => {
  it('is min(T, max(minCapacity, round(c T / E))), or min(capacity, T) when fixed', () => {
    fc.assert(
      fc.property(
        configs,
        fc.integer({ min: 0, max: 4096 }),
        fc.option(fc.integer({ min: 0, max: 64 }), { nil: undefined }),
        (config, tokens, capacity) => {
          const router = expertChoice({ ...config, capacity });
          const expected =
            capacity === undefined
              ? Math.min(
                  tokens,
                  Math.max(
                    config.minCapacity,
                    Math.round((config.capacityFactor * tokens) / config.numExperts),
                  ),
                )
              : Math.min(capacity, tokens);
          check(router.capacityFor(tokens) === expected, `capacityFor(${tokens})`);
          if (tokens > 0) {
            const selection = router.spec({ tokens }).selection;
            check(selection.kind === 'expert-choice' && selection.capacity === expected, 'spec capacity');
          }
        },
      ),
      runsWithSeed(1104),
    );
    // Worked values: c = 2, E = 8, min 4: T = 64 -> 16; T = 8 -> max(4, 2) = 4; T = 3 -> min(3, 4) = 3.
    const router = expertChoice({ numExperts: 8 });
    expect([router.capacityFor(64), router.capacityFor(8), router.capacityFor(3)]).toEqual([16, 4, 3]);
  });
});

describe('expertChoice config', () => {
  it('fills the flaxformer defaults (c = 2, minCapacity 4)', () => {
    const router = expertChoice({ numExperts: 4 });
    expect(router.config).toEqual({ numExperts: 4, capacityFactor: 2, minCapacity: 4, capacity: undefined });
    expect(router.spec({ tokens: 16 }).selection).toEqual({ kind: 'expert-choice', capacity: 8 });
    expect(expertChoice({ numExperts: 4, capacity: 3 }).spec().selection).toEqual({
      kind: 'expert-choice',
      capacity: 3,
    });
  });

  it('rejects bad hyper-parameters with a typed error naming family, key and range', () => {
    for (const capacityFactor of [0, -1, Number.NaN]) {
      expectInvalidArgument(
        () => expertChoice({ numExperts: 4, capacityFactor }),
        'expert-choice',
        'capacityFactor',
        '(0, inf)',
      );
    }
    expectInvalidArgument(
      () => expertChoice({ numExperts: 4, minCapacity: -1 }),
      'expert-choice',
      'minCapacity',
      'an integer >= 0',
    );
    expectInvalidArgument(
      () => expertChoice({ numExperts: 4, capacity: 1.5 }),
      'expert-choice',
      'capacity',
      'an integer >= 0',
    );
    // The capacity depends on the batch: spec() needs tokens unless it is fixed.
    expectInvalidArgument(() => expertChoice({ numExperts: 4 }).spec(), 'expert-choice', 'tokens');
    expectInvalidArgument(
      () => expertChoice({ numExperts: 4 }).capacityFor(-1),
      'expert-choice',
      'tokens',
      'an integer >= 0',
    );
  });
});
