import { type KernelBackendV1, type RouterSpecV1, UnsupportedError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { routingMismatches } from '../testing/compare-results.ts';
import { makeLayer, makeSpec } from '../testing/layer-fixtures.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import type { WebGpuBackend } from './create-webgpu-backend.ts';

let backend: WebGpuBackend;
let reference: KernelBackendV1;

useDawnBackends((opened) => {
  ({ backend, reference } = opened);
});

/** DeepSeek-V3's router (sigmoid, group limit on top-2 sums, renormalised x 2.5) with a group-drop rule. */
function deepSeekSpec(
  dropped: 'exclude' | 'zero',
  shape: { experts: number; groups: number; keep: number; k: number },
): RouterSpecV1 {
  return makeSpec({
    numExperts: shape.experts,
    scoring: { kind: 'sigmoid' },
    selection: {
      kind: 'top-k',
      k: shape.k,
      groups: {
        count: shape.groups,
        keep: shape.keep,
        score: shape.groups === shape.experts ? 'max' : 'top2-sum',
        dropped,
      },
    },
    weighting: { kind: 'renormalise', scale: 2.5, excludeZeroExperts: false },
  });
}

const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));

describe("groups.dropped: 'zero' (transformers' DeepSeek-V3 router) on the device", () => {
  it('lets a dropped group compete with key 0.0 when a kept expert has a negative biased score', async () => {
    // Three groups of one expert, keep 2, top-2. Biased keys c = s + b: expert 0 positive, expert 1 negative
    // (kept: its group beats expert 2's), expert 2 most negative (dropped). Excluding the dropped group picks
    // {0, 1}; keying it at 0.0 picks {0, 2}, since 0.0 > c_1.
    const logits = [2, -0.2, 0.5];
    const selectionBias = [0, -0.9, -2.5];
    const scores = logits.map(sigmoid);
    expect(scores[1]! + selectionBias[1]!).toBeLessThan(0);
    expect(scores[1]! + selectionBias[1]!).toBeGreaterThan(scores[2]! + selectionBias[2]!);
    const shape = { experts: 3, groups: 3, keep: 2, k: 2 };
    const input = {
      tokens: 1,
      logits: Float64Array.from(logits),
      params: { selectionBias: Float64Array.from(selectionBias) },
    };

    const zero = await backend.route(deepSeekSpec('zero', shape), input);
    expect(Array.from(zero.slotExpert)).toEqual([0, 2]);
    // Weights from the unbiased scores of the picked experts.
    const sum = scores[0]! + scores[2]!;
    expect(zero.slotWeight[0]).toBeCloseTo((2.5 * scores[0]!) / sum, 6);
    expect(zero.slotWeight[1]).toBeCloseTo((2.5 * scores[2]!) / sum, 6);

    const exclude = await backend.route(deepSeekSpec('exclude', shape), input);
    expect(Array.from(exclude.slotExpert)).toEqual([0, 1]);
  });

  it('equals the group exclusion whenever k kept experts have positive keys (random batches vs the reference)', async () => {
    // Sigmoid scores are positive and there is no bias, so every kept key beats a dropped group's 0.0 and
    // both rules select alike: the reference (exclusion) is the expectation.
    const random = seededRandom(71);
    for (const shape of [
      { experts: 8, groups: 4, keep: 2, k: 3 },
      { experts: 16, groups: 4, keep: 1, k: 4 },
    ]) {
      const tokens = 23;
      const logits = randomArray(random, tokens * shape.experts, 2);
      const got = await backend.route(deepSeekSpec('zero', shape), { tokens, logits });
      const want = await reference.route(deepSeekSpec('exclude', shape), { tokens, logits });
      expect(routingMismatches(got, want)).toEqual([]);
    }
  });

  it("a forward kept for backward rejects it: core's float64 routing, which that path runs, has no 'zero' rule", async () => {
    const spec = deepSeekSpec('zero', { experts: 4, groups: 2, keep: 1, k: 2 });
    const layer = makeLayer(seededRandom(5), spec, { d: 8, f: 8 });
    const input = { tokens: 3, x: randomArray(seededRandom(6), 3 * 8) };
    await expect(backend.forward(layer, input, { retainForBackward: true })).rejects.toBeInstanceOf(
      UnsupportedError,
    );
    await expect(
      backend.routeBackward(
        spec,
        { tokens: 1, logits: Float64Array.of(1, 2, 3, 4) },
        Float64Array.of(1, 1, 1, 1),
      ),
    ).rejects.toBeInstanceOf(UnsupportedError);
  });
});
