import type { RouterSpecV1 } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import type { KernelSource } from '../gpu/kernel-cache.ts';
import { gemmTilings } from '../kernels/gemm-tiles.ts';
import { makeSpec } from '../testing/layer-fixtures.ts';
import { kernelSources } from './kernel-sources.ts';

/**
 * The WGSL of every kernel at a representative set of constants, one file per (kernel, constants) under
 * `__snapshots__/wgsl/`: a kernel edit shows up as a reviewable diff of the generated text. Update with
 * `vitest run -u` after checking the diff. Pure text generation: no device is opened.
 */
const specs: Record<string, RouterSpecV1> = {
  'top2-softmax': makeSpec({ numExperts: 7 }),
  'deepseek-groups-bias': makeSpec({
    numExperts: 8,
    scoring: { kind: 'sigmoid' },
    selection: { kind: 'top-k', k: 2, groups: { count: 4, keep: 2, score: 'top2-sum' } },
    weighting: { kind: 'renormalise', scale: 2.5, excludeZeroExperts: false },
  }),
  'deepseek-groups-dropped-zero': makeSpec({
    numExperts: 8,
    scoring: { kind: 'sigmoid' },
    selection: {
      kind: 'top-k',
      k: 2,
      groups: { count: 4, keep: 2, score: 'top2-sum', dropped: 'zero' },
    },
    weighting: { kind: 'renormalise', scale: 2.5, excludeZeroExperts: false },
  }),
  'moe-plus-plus-residual': makeSpec({
    numExperts: 4,
    zeroComputation: ['zero', 'copy', 'constant'],
    gatingResidual: true,
    stdNormalise: { normStd: 1 },
    weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
  }),
  'top-p': makeSpec({ numExperts: 6, selection: { kind: 'top-p', p: 0.6, maxK: 3 } }),
  'dynmoe-threshold': makeSpec({
    numExperts: 5,
    logits: { kind: 'cosine', logitScale: 3 },
    scoring: { kind: 'sigmoid' },
    selection: { kind: 'threshold', thresholdScale: 1, fallback: 'argmax' },
    weighting: { kind: 'uniform' },
  }),
  'blockffn-positive': makeSpec({
    numExperts: 6,
    scoring: { kind: 'relu-rmsnorm', eps: 1e-6 },
    selection: { kind: 'positive' },
    weighting: { kind: 'score', scale: 1, gain: true },
  }),
  'ada-k': makeSpec({ numExperts: 6, selection: { kind: 'predicted-k', kMax: 3 } }),
  'expert-choice': makeSpec({ numExperts: 4, selection: { kind: 'expert-choice', capacity: 3 } }),
};

/** Every kernel source the backend can ask for, named `<kernel>.<constants>`. */
function representativeSources(): Record<string, KernelSource> {
  const sources: Record<string, KernelSource> = {
    'router-logits.d20-c7': kernelSources.routerLogits(20, 7),
    'cosine-logits.d16-e5': kernelSources.cosineLogits(16, 5),
    'expert-choice.c4': kernelSources.expertChoice(4),
    'capacity-drop.e6-k2': kernelSources.capacityDrop(6, 2),
    'plan-count.e7-k2': kernelSources.planCount(7, 2),
    'plan-scan.e7': kernelSources.planScan({
      experts: 7,
      maxTiles: 12,
      tileRows: 32,
      upColumnTiles: 3,
      downColumnTiles: 1,
    }),
    'plan-scatter.e7-k2': kernelSources.planScatter(7, 2),
    'combine.d20-e4-k2-zero-copy-constant': kernelSources.combine({
      d: 20,
      experts: 4,
      kMax: 2,
      zeroKinds: ['zero', 'copy', 'constant'],
    }),
    'combine.d16-e7-k2': kernelSources.combine({ d: 16, experts: 7, kMax: 2, zeroKinds: [] }),
    'combine.d12-e8-k2-shared2': kernelSources.combineWithShared({
      d: 12,
      experts: 8,
      kMax: 2,
      zeroKinds: [],
      sharedCount: 2,
    }),
    'shared-gate.d8-s1-none': kernelSources.sharedGate({ d: 8, count: 1, gate: 'none' }),
    'shared-gate.d8-s2-sigmoid': kernelSources.sharedGate({ d: 8, count: 2, gate: 'sigmoid' }),
    'uni-moe-picks.d5-c7-p07': kernelSources.uniMoePicks({
      dynamic: 5,
      columns: 7,
      selection: { kind: 'uni-moe-top-p', p: 0.7, k: 0, windowEps: 0.01 },
      epsilon: 1e-6,
    }),
    'uni-moe-picks.d5-c5-k2': kernelSources.uniMoePicks({
      dynamic: 5,
      columns: 5,
      selection: { kind: 'uni-moe-top-p', p: 0, k: 2, windowEps: 0.01 },
      epsilon: 1e-6,
    }),
    'uni-moe-weights.e4-d5-s2-k5-capacity': kernelSources.uniMoeWeights({
      experts: 4,
      dynamic: 5,
      shared: 2,
      kMax: 5,
      capacity: true,
      epsilon: 1e-6,
    }),
    'uni-moe-weights.e4-d5-s0-k2': kernelSources.uniMoeWeights({
      experts: 4,
      dynamic: 5,
      shared: 0,
      kMax: 2,
      capacity: false,
      epsilon: 1e-6,
    }),
    'activation-backward.f36-swiglu': kernelSources.activationBackward(36, { kind: 'swiglu' }),
    'activation-backward.f24-gelu': kernelSources.activationBackward(24, { kind: 'mlp', activation: 'gelu' }),
    'router-backward-input.d20-c7': kernelSources.routerBackward('input', 20, 7),
    'router-backward-weights.d20-c7': kernelSources.routerBackward('weights', 20, 7),
    'dense-gemm.n64-k32-medium': kernelSources.denseGemm(64, 32, gemmTilings.medium),
    'dense-gemm.n30-k18-small': kernelSources.denseGemm(30, 18, gemmTilings.small),
    'dense-gemv.n64-k32-r4': kernelSources.denseGemv(64, 32, 4),
  };
  for (const [name, spec] of Object.entries(specs)) {
    const kMax =
      spec.selection.kind === 'top-k'
        ? spec.selection.k
        : spec.selection.kind === 'top-p'
          ? (spec.selection.maxK ?? spec.numExperts)
          : spec.selection.kind === 'predicted-k'
            ? spec.selection.kMax
            : spec.numExperts + spec.zeroComputation.length;
    if (spec.selection.kind === 'expert-choice') {
      sources[`route-tokens-scores.${name}`] = kernelSources.routeTokens(spec, kMax, 'scores', false);
      sources[`route-tokens-from-choice.${name}`] = kernelSources.routeTokens(
        spec,
        kMax,
        'from-choice',
        false,
      );
    } else {
      sources[`route-tokens-full.${name}`] = kernelSources.routeTokens(
        spec,
        kMax,
        'full',
        spec.gatingResidual,
      );
    }
  }
  for (const tiling of [gemmTilings.small, gemmTilings.medium, gemmTilings.large]) {
    const shape = { d: 20, f: 36, experts: 7, maxTiles: 12 };
    sources[`grouped-gemm-up.swiglu-${tiling.name}`] = kernelSources.groupedGemmUp({
      ...shape,
      expert: { kind: 'swiglu' },
      tiling,
    });
    sources[`grouped-gemm-down.${tiling.name}`] = kernelSources.groupedGemmDown({ ...shape, tiling });
  }
  sources['grouped-gemm-up.gelu-d16-f24-small'] = kernelSources.groupedGemmUp({
    d: 16,
    f: 24,
    experts: 4,
    maxTiles: 6,
    expert: { kind: 'mlp', activation: 'gelu' },
    tiling: gemmTilings.small,
  });
  for (const expert of [{ kind: 'swiglu' }, { kind: 'mlp', activation: 'silu' }] as const) {
    const shape = { d: 32, f: 64, experts: 8, maxTiles: 16, rows: 4 };
    const label = expert.kind === 'swiglu' ? 'swiglu' : 'silu';
    sources[`grouped-gemv-up.${label}-d32-f64-r4`] = kernelSources.groupedGemvUp({ ...shape, expert });
  }
  sources['grouped-gemv-down.d32-f64-r4'] = kernelSources.groupedGemvDown({
    d: 32,
    f: 64,
    experts: 8,
    maxTiles: 16,
    rows: 4,
  });
  // 16-bit weights: BF16 with vec4 loads (d, f multiples of 4), F16 with scalar loads (odd d and f).
  sources['grouped-gemm-up.swiglu-bf16-d20-f36-small'] = kernelSources.groupedGemmUp({
    d: 20,
    f: 36,
    experts: 7,
    maxTiles: 12,
    expert: { kind: 'swiglu' },
    tiling: gemmTilings.small,
    weights: 'bf16',
  });
  sources['grouped-gemm-down.f16-d13-f19-small'] = kernelSources.groupedGemmDown({
    d: 13,
    f: 19,
    experts: 7,
    maxTiles: 12,
    tiling: gemmTilings.small,
    weights: 'f16',
  });
  sources['grouped-gemv-up.swiglu-f16-d13-f19-r4'] = kernelSources.groupedGemvUp({
    d: 13,
    f: 19,
    experts: 8,
    maxTiles: 16,
    rows: 4,
    expert: { kind: 'swiglu' },
    weights: 'f16',
  });
  sources['grouped-gemv-up.swiglu-subgroups-d32-f64-r4'] = kernelSources.groupedGemvUp({
    d: 32,
    f: 64,
    experts: 8,
    maxTiles: 16,
    rows: 4,
    expert: { kind: 'swiglu' },
    subgroups: true,
  });
  sources['grouped-gemv-down.bf16-d32-f64-r4'] = kernelSources.groupedGemvDown({
    d: 32,
    f: 64,
    experts: 8,
    maxTiles: 16,
    rows: 4,
    weights: 'bf16',
  });
  for (const mode of ['pre-activation', 'hidden-grad', 'input-grad'] as const) {
    for (const gated of [true, false]) {
      sources[`expert-rows-gemm-${mode}.${gated ? 'gated' : 'mlp'}-small`] = kernelSources.expertRowsGemm({
        mode,
        d: 20,
        f: 36,
        gated,
        tiling: gemmTilings.small,
      });
    }
  }
  for (const mode of ['down', 'in'] as const) {
    sources[`expert-weight-grad-${mode}.gated-medium`] = kernelSources.expertWeightGrad({
      mode,
      d: 64,
      f: 128,
      gated: true,
      tiling: gemmTilings.medium,
    });
  }
  return sources;
}

describe('kernel WGSL snapshots', () => {
  for (const [name, source] of Object.entries(representativeSources())) {
    it(name, async () => {
      await expect(source.code).toMatchFileSnapshot(`./__snapshots__/wgsl/${name}.wgsl`);
    });
  }
});
