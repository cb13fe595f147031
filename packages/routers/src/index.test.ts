import type { RouteInputV1, RouterSpecV1 } from '@anyk/core';
import { buildExpertPlan, validateRouterSpec } from '@anyk/core/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  check,
  distinctRow,
  expectSame,
  gridRow,
  logitsMatrix,
  route,
  runsWithSeed,
} from './__tests__/property-helpers.ts';
import {
  adaK,
  adaMoE,
  blockFFN,
  deepSeekV3,
  dynMoE,
  expertChoice,
  longCat,
  moePlusPlus,
  reMoE,
  topK,
  topP,
  uniMoE2,
} from './index.ts';

interface RoutingCase {
  readonly spec: RouterSpecV1;
  readonly input: RouteInputV1;
}

const experts = fc.integer({ min: 1, max: 8 });
const tokenCount = fc.integer({ min: 0, max: 10 });
const grid = (length: number) =>
  fc
    .array(fc.integer({ min: -8, max: 8 }), { minLength: length, maxLength: length })
    .map((values) => Float64Array.from(values, (value) => value / 4));

/** A random routable call for each family: its spec (from the factory) and a matching input. */
const familyCases: Record<string, fc.Arbitrary<RoutingCase>> = {
  'top-k': fc.tuple(experts, tokenCount).chain(([numExperts, tokens]) =>
    fc.record({
      spec: fc.integer({ min: 1, max: numExperts }).map((k) => topK({ numExperts, k }).spec()),
      input: logitsMatrix(tokens, numExperts, distinctRow).map((logits) => ({ tokens, logits })),
    }),
  ),
  'top-p': fc.tuple(experts, tokenCount).chain(([numExperts, tokens]) =>
    fc.record({
      spec: fc.integer({ min: 1, max: 120 }).map((p) => topP({ numExperts, p: p / 100 }).spec()),
      input: logitsMatrix(tokens, numExperts, distinctRow).map((logits) => ({ tokens, logits })),
    }),
  ),
  dynmoe: fc.tuple(experts, tokenCount, fc.integer({ min: 1, max: 4 })).chain(([numExperts, tokens, d]) =>
    fc.record({
      spec: fc
        .constantFrom('train' as const, 'infer' as const)
        .map((mode) => dynMoE({ numExperts }).spec({ mode })),
      input: fc
        .record({ x: grid(tokens * d), router: grid(d * numExperts), theta: grid(numExperts) })
        .map(({ x, router, theta }) => ({ tokens, d, x, router, params: { thresholds: theta } })),
    }),
  ),
  remoe: fc
    .tuple(experts, tokenCount)
    .map(([numExperts, tokens]) => ({ numExperts, tokens }))
    .chain(({ numExperts, tokens }) =>
      logitsMatrix(tokens, numExperts, gridRow).map((logits) => ({
        spec: reMoE({ numExperts }).spec(),
        input: { tokens, logits },
      })),
    ),
  blockffn: fc.tuple(experts, tokenCount).chain(([numExperts, tokens]) =>
    logitsMatrix(tokens, numExperts, gridRow).map((logits) => ({
      spec: blockFFN({ numExperts }).spec(),
      input: { tokens, logits, params: { gain: new Float64Array(numExperts).fill(1) } },
    })),
  ),
  'ada-k': fc.tuple(experts, tokenCount).chain(([numExperts, tokens]) =>
    fc.integer({ min: 1, max: numExperts }).chain((kMax) =>
      fc.record({
        spec: fc.constant(adaK({ numExperts, kMax }).spec()),
        input: fc
          .record({
            logits: logitsMatrix(tokens, numExperts, distinctRow),
            k: fc.array(fc.integer({ min: 1, max: kMax }), { minLength: tokens, maxLength: tokens }),
          })
          .map(({ logits, k }) => ({ tokens, logits, k: Int32Array.from(k) })),
      }),
    ),
  ),
  adamoe: fc
    .tuple(experts, fc.integer({ min: 0, max: 6 }), tokenCount)
    .chain(([numExperts, nullExperts, tokens]) =>
      fc.record({
        spec: fc
          .integer({ min: 1, max: numExperts + nullExperts })
          .map((k) => adaMoE({ numExperts, nullExperts, k }).spec()),
        input: logitsMatrix(tokens, numExperts + nullExperts, distinctRow).map((logits) => ({
          tokens,
          logits,
        })),
      }),
    ),
  'moe-plus-plus': fc.tuple(experts, tokenCount).chain(([numExperts, tokens]) =>
    fc.record({
      spec: fc.integer({ min: 1, max: 2 }).map((k) => moePlusPlus({ numExperts, k }).spec()),
      input: logitsMatrix(tokens, numExperts + 4, distinctRow).map((logits) => ({ tokens, logits })),
    }),
  ),
  longcat: fc
    .tuple(experts, fc.integer({ min: 0, max: 6 }), tokenCount)
    .chain(([numExperts, identityExperts, tokens]) =>
      fc.record({
        spec: fc
          .integer({ min: 1, max: numExperts + identityExperts })
          .map((k) => longCat({ numExperts, identityExperts, k }).spec()),
        input: logitsMatrix(tokens, numExperts + identityExperts, distinctRow).map((logits) => ({
          tokens,
          logits,
        })),
      }),
    ),
  'deepseek-v3': fc.tuple(fc.integer({ min: 1, max: 4 }), tokenCount).chain(([nGroups, tokens]) =>
    fc.record({
      spec: fc
        .integer({ min: 1, max: 2 * nGroups })
        .map((k) => deepSeekV3({ numExperts: 2 * nGroups, k, nGroups, topkGroups: nGroups }).spec()),
      input: logitsMatrix(tokens, 2 * nGroups, distinctRow).map((logits) => ({ tokens, logits })),
    }),
  ),
  'expert-choice': fc.tuple(experts, tokenCount).chain(([numExperts, tokens]) =>
    fc.record({
      spec: fc.constant(expertChoice({ numExperts, minCapacity: 1 }).spec({ tokens })),
      input: logitsMatrix(tokens, numExperts, distinctRow).map((logits) => ({ tokens, logits })),
    }),
  ),
  'uni-moe-2': fc
    .tuple(experts, fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), tokenCount)
    .chain(([numExperts, nullExperts, sharedExperts, tokens]) =>
      fc.record({
        spec: fc.tuple(fc.integer({ min: 0, max: 110 }), fc.boolean()).map(([p, capacity]) =>
          uniMoE2({
            numExperts,
            nullExperts,
            sharedExperts,
            p: p / 100,
            k: 1,
            capacityFactor: capacity ? 1 : undefined,
            minCapacity: 1,
          }).spec(),
        ),
        input: logitsMatrix(tokens, numExperts + nullExperts + sharedExperts, distinctRow).map((logits) => ({
          tokens,
          logits,
        })),
      }),
    ),
};

describe('every family', () => {
  it('has a case here (12 families)', () => {
    expect(Object.keys(familyCases)).toHaveLength(12);
  });

  for (const [family, cases] of Object.entries(familyCases)) {
    it(`${family}: spec validates, and buildExpertPlan is stable (ascending tokens per expert, counts match)`, () => {
      fc.assert(
        fc.property(cases, ({ spec, input }) => {
          check(spec.family === family, `spec.family ${spec.family}`);
          const { kMax } = validateRouterSpec(spec);
          const routing = route(spec, input);
          check(routing.kMax === kMax, 'slot stride');
          const numExperts = spec.numExperts;
          const plan = buildExpertPlan(routing, numExperts);
          // Counts per real expert from the slots; zero-computation experts (ids >= E) never enter the plan.
          const counts = new Array<number>(numExperts).fill(0);
          let realSlots = 0;
          for (let slot = 0; slot < routing.tokens * routing.kMax; slot++) {
            const expert = routing.slotExpert[slot] as number;
            if (expert >= 0 && expert < numExperts) {
              counts[expert] = (counts[expert] as number) + 1;
              realSlots++;
            }
          }
          check(plan.expertOffset[0] === 0 && plan.expertOffset[numExperts] === realSlots, 'total rows');
          check(plan.rowToken.length === realSlots && plan.rowSlot.length === realSlots, 'row arrays');
          for (let expert = 0; expert < numExperts; expert++) {
            const start = plan.expertOffset[expert] as number;
            const end = plan.expertOffset[expert + 1] as number;
            check(
              end - start === counts[expert],
              `expert ${expert} has ${end - start} rows, ${counts[expert]} slots`,
            );
            for (let row = start; row < end; row++) {
              const token = plan.rowToken[row] as number;
              const slot = plan.rowSlot[row] as number;
              check(row === start || token > (plan.rowToken[row - 1] as number), 'rows ascend by token');
              check(Math.floor(slot / routing.kMax) === token, 'rowSlot belongs to rowToken');
              check(routing.slotExpert[slot] === expert, 'rowSlot points at this expert');
              check(plan.slotRow[slot] === row, 'slotRow inverts rowSlot');
            }
          }
          for (let slot = 0; slot < routing.tokens * routing.kMax; slot++) {
            const expert = routing.slotExpert[slot] as number;
            check(
              (expert >= 0 && expert < numExperts) === (plan.slotRow[slot] as number) >= 0,
              `slotRow[${slot}]`,
            );
          }
          // Rebuilding gives the same plan bit for bit.
          const again = buildExpertPlan(routing, numExperts);
          expectSame(again.rowToken, plan.rowToken, 'rowToken');
          expectSame(again.rowSlot, plan.rowSlot, 'rowSlot');
        }),
        runsWithSeed(1201, 300),
      );
    });
  }
});
