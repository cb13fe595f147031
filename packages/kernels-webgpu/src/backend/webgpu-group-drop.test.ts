import type { KernelBackendV1, RouterSpecV1 } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { gradMismatches, layerMismatches, routingMismatches } from '../testing/compare-results.ts';
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

  it("matches core's float64 'zero' rule where it differs from exclusion: route, kept forward and backward", async () => {
    // Negative biases on most experts: fewer than k kept experts have a positive key, so dropped groups'
    // experts (key 0.0) get picked, unlike with exclusion.
    const random = seededRandom(72);
    const shape = { experts: 8, groups: 4, keep: 2, k: 3 };
    const spec = deepSeekSpec('zero', shape);
    const tokens = 21;
    const selectionBias = Float64Array.from({ length: 8 }, (_, e) => (e % 3 === 0 ? 0.2 : -1.5));
    const logits = randomArray(random, tokens * 8, 2);
    const got = await backend.route(spec, { tokens, logits, params: { selectionBias } });
    const want = await reference.route(spec, { tokens, logits, params: { selectionBias } });
    expect(routingMismatches(got, want)).toEqual([]);
    const excluded = await reference.route(deepSeekSpec('exclude', shape), {
      tokens,
      logits,
      params: { selectionBias },
    });
    expect(Array.from(got.slotExpert)).not.toEqual(Array.from(excluded.slotExpert));

    const layer = { ...makeLayer(random, spec, { d: 8, f: 12 }), params: { selectionBias } };
    const input = { tokens, x: randomArray(random, tokens * 8) };
    const forward = await backend.forward(layer, input, { retainForBackward: true });
    const wantForward = await reference.forward(layer, input, { retainForBackward: true });
    expect(layerMismatches(forward, wantForward)).toEqual([]);
    const gradOutput = randomArray(random, tokens * 8);
    const grads = await backend.backward(layer, input, forward, gradOutput);
    expect(gradMismatches(grads, await reference.backward(layer, input, wantForward, gradOutput))).toEqual(
      [],
    );
  });
});
