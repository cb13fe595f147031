import type { LayerInputV1, MoeLayerV1, MoeLayerWeightsV1 } from '@anyk/core';
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
} from '../conformance/families.ts';
import { normalSampler, randomNormalArray, seededRandom } from './seeded-random.ts';

/** Every family the demo runs, in table order. */
export const demoFamilies = [
  'top-k',
  'top-p',
  'dynmoe',
  'remoe',
  'blockffn',
  'ada-k',
  'adamoe',
  'moe-plus-plus',
  'longcat',
  'deepseek-v3',
  'expert-choice',
  'uni-moe-2',
] as const;
export type DemoFamily = (typeof demoFamilies)[number];

export interface DemoShape {
  readonly tokens: number;
  readonly d: number;
  readonly f: number;
  readonly experts: number;
  readonly seed: number;
}

/**
 * Seeded tokens whose difficulty varies in a documented way. Expert e "owns" a direction `c_e`; token t
 * has a difficulty `h_t` in [0, 1] (uniform) and is `x_t = (1 - h_t) c_{e(t)} + h_t * noise`: easy tokens
 * (h near 0) sit on one expert's direction, so their router logits are peaked; hard tokens (h near 1) are
 * noise, so their logits are flat and dynamic routers give them more experts.
 */
export function demoTokens(shape: DemoShape): {
  x: Float32Array;
  difficulty: Float32Array;
  centres: Float32Array;
} {
  const normal = normalSampler(seededRandom(shape.seed));
  const { tokens, d, experts } = shape;
  const centres = randomNormalArray(experts * d, 1, normal);
  const x = new Float32Array(tokens * d);
  const difficulty = new Float32Array(tokens);
  for (let t = 0; t < tokens; t++) {
    const hardness = (normal() * 0.5 + 0.5 + 10) % 1;
    difficulty[t] = hardness;
    const owner = Math.floor(((normal() + 10) * 7919) % experts);
    for (let i = 0; i < d; i++) {
      x[t * d + i] = (1 - hardness) * centres[owner * d + i]! + hardness * normal();
    }
  }
  return { x, difficulty, centres };
}

/** A layer's experts: their kind and weights (`wGate` only for SwiGLU). */
export type ExpertWeights = Pick<MoeLayerWeightsV1<Float32Array>, 'expert' | 'wGate' | 'wUp' | 'wDown'>;

/** Expert weights and router rows one layer of every family is built from. */
export interface FamilyLayerSource {
  readonly d: number;
  readonly f: number;
  readonly experts: number;
  readonly tokens: number;
  /**
   * The experts every family routes over: their kind (SwiGLU, or a one-activation MLP such as a trained
   * BlockFFN checkpoint's `W_down silu(W_up x)`) and weights `wGate` `[E, f, d]` (SwiGLU only), `wUp`
   * `[E, f, d]`, `wDown` `[E, d, f]`.
   */
  readonly expertWeights: ExpertWeights;
  /**
   * BlockFFN's own experts where they differ from the others' (the synthetic demo gives it the paper's
   * `W_down silu(W_up x)`); real text leaves it out, so BlockFFN routes over the trained experts too.
   */
  readonly blockFfnExperts?: ExpertWeights | undefined;
  /** `[rows, d]` router rows: the E real experts' rows first, then rows for zero-computation candidates. */
  readonly routerRows: (rows: number) => Float32Array;
  /** Seeded normals for MoE++'s constant experts. */
  readonly normal: () => number;
  /** Top-p's p (the synthetic demo uses 0.4; real text uses the checkpoint's trained p). */
  readonly topP: number;
}

/** Builds the layer of one family over the shared experts and token centres (the synthetic demo). */
export function demoLayer(
  family: DemoFamily,
  shape: DemoShape,
  centres: Float32Array,
  layerIndex = 0,
): { layer: MoeLayerV1; input: Omit<LayerInputV1, 'x' | 'tokens'> } {
  const { d, f, experts, tokens } = shape;
  // Each layer of a stack has its own experts; the router rows still follow the token centres.
  const normal = normalSampler(seededRandom(shape.seed + 1 + 1000 * layerIndex));
  const wGate = randomNormalArray(experts * f * d, 1 / Math.sqrt(d), normal);
  const wUp = randomNormalArray(experts * f * d, 1 / Math.sqrt(d), normal);
  const wDown = randomNormalArray(experts * d * f, 1 / Math.sqrt(f), normal);
  const scale = 0.6 / Math.sqrt(d);
  /** Router rows: the expert centres (so easy tokens prefer their owner), then extra rows for zero experts. */
  const routerRows = (rows: number): Float32Array => {
    const out = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < d; i++)
        out[r * d + i] = r < experts ? centres[r * d + i]! * scale : normal() * scale;
    }
    return out;
  };
  return familyLayer(
    family,
    {
      d,
      f,
      experts,
      tokens,
      expertWeights: { expert: { kind: 'swiglu' }, wGate, wUp, wDown },
      blockFfnExperts: { expert: { kind: 'mlp', activation: 'silu' }, wUp, wDown },
      routerRows,
      normal,
      topP: 0.4,
    },
    layerIndex,
  );
}

/**
 * Builds one family's layer from shared experts and router rows. Router parameters that have no trained
 * counterpart are derived the same way for the synthetic and the real-text demo: DynMoE's `W_g` columns are
 * the router rows (thresholds 0.5, all experts active), ReMoE's ReLU router uses the rows halved, BlockFFN
 * gains are 1, Ada-K's k cycles 1, 2, 3, MoE++ gets identity gate maps and seeded constant experts, and the
 * zero-computation candidates of AdaMoE, MoE++ and LongCat get the extra rows `routerRows` appends;
 * Uni-MoE-2.0's two null and two shared columns too, its two shared experts being copies of experts 0 and 1.
 * On a BlockFFN or Expert-Choice checkpoint, `checkpointWorkload` runs that family with the trained spec and
 * parameters instead (trained gains, trained capacity factor).
 */
export function familyLayer(
  family: DemoFamily,
  source: FamilyLayerSource,
  layerIndex = 0,
): { layer: MoeLayerV1; input: Omit<LayerInputV1, 'x' | 'tokens'> } {
  const { d, f, experts, tokens, expertWeights, routerRows, normal } = source;
  const base = { d, f, ...expertWeights };
  switch (family) {
    case 'top-k': {
      const router = topK({ numExperts: experts, k: 2 });
      return { layer: { spec: router.spec(), weights: { ...base, router: routerRows(experts) } }, input: {} };
    }
    case 'top-p': {
      const router = topP({ numExperts: experts, p: source.topP });
      return { layer: { spec: router.spec(), weights: { ...base, router: routerRows(experts) } }, input: {} };
    }
    case 'dynmoe': {
      const router = dynMoE({ numExperts: experts, mode: 'infer' });
      const rows = routerRows(experts);
      const wG = new Float32Array(d * experts);
      for (let e = 0; e < experts; e++) for (let i = 0; i < d; i++) wG[i * experts + e] = rows[e * d + i]!;
      const theta = new Float32Array(experts).fill(0.5);
      return {
        layer: {
          spec: router.spec(),
          weights: { ...base, router: wG },
          params: { thresholds: theta, mask: new Float32Array(experts).fill(1) },
        },
        input: {},
      };
    }
    case 'remoe': {
      const router = reMoE({ numExperts: experts, targetK: 2 });
      const rows = routerRows(experts);
      for (let index = 0; index < rows.length; index++) rows[index] = rows[index]! * 0.5;
      return { layer: { spec: router.spec(), weights: { ...base, router: rows } }, input: {} };
    }
    case 'blockffn': {
      const router = blockFFN({ numExperts: experts });
      return {
        layer: {
          spec: router.spec(),
          weights: { d, f, ...(source.blockFfnExperts ?? expertWeights), router: routerRows(experts) },
          params: { gain: new Float32Array(experts).fill(1) },
        },
        input: {},
      };
    }
    case 'ada-k': {
      const router = adaK({ numExperts: experts, kMax: 4 });
      const k = new Int32Array(tokens);
      for (let t = 0; t < tokens; t++) k[t] = 1 + (t % 3);
      return {
        layer: { spec: router.spec(), weights: { ...base, router: routerRows(experts) } },
        input: { k },
      };
    }
    case 'adamoe': {
      const router = adaMoE({ numExperts: experts, nullExperts: 4, k: 2 });
      return {
        layer: { spec: router.spec(), weights: { ...base, router: routerRows(experts + 4) } },
        input: {},
      };
    }
    case 'moe-plus-plus': {
      const router = moePlusPlus({ numExperts: experts });
      const total = experts + 4;
      // Layers after the first add the previous layer's logits through the gate map (MoE++'s gating
      // residual); the identity map is the neutral starting point.
      const gateMap = new Float32Array(total * total);
      for (let index = 0; index < total; index++) gateMap[index * total + index] = 1;
      return {
        layer: {
          ...(layerIndex > 0 ? { gateMap } : {}),
          spec: router.spec(),
          weights: {
            ...base,
            router: routerRows(experts + 4),
            constants: {
              wc: randomNormalArray(2 * 2 * d, 1 / Math.sqrt(d), normal),
              v: randomNormalArray(2 * d, 1, normal),
            },
          },
        },
        input: {},
      };
    }
    case 'longcat': {
      const router = longCat({ numExperts: experts, identityExperts: 4, k: 2, routedScalingFactor: 1 });
      return {
        layer: { spec: router.spec(), weights: { ...base, router: routerRows(experts + 4) } },
        input: {},
      };
    }
    case 'deepseek-v3': {
      // Groups of at least two experts (its group score sums a group's top two): 4 groups of E = 8, 2 of
      // E = 4, one group otherwise; half of the groups are kept.
      const groups = experts >= 8 && experts % 4 === 0 ? 4 : experts >= 4 && experts % 2 === 0 ? 2 : 1;
      const router = deepSeekV3({
        numExperts: experts,
        k: 2,
        nGroups: groups,
        topkGroups: Math.max(1, groups / 2),
        routeScale: 1,
      });
      return {
        layer: {
          spec: router.spec(),
          weights: { ...base, router: routerRows(experts) },
          params: { selectionBias: new Float32Array(experts) },
        },
        input: {},
      };
    }
    case 'expert-choice': {
      const router = expertChoice({ numExperts: experts, capacityFactor: 2 });
      return {
        layer: { spec: router.spec({ tokens }), weights: { ...base, router: routerRows(experts) } },
        input: {},
      };
    }
    case 'uni-moe-2': {
      const sharedCount = Math.min(2, experts);
      const router = uniMoE2({ numExperts: experts, nullExperts: 2, sharedExperts: sharedCount, p: 0.7 });
      const shared = {
        count: sharedCount,
        f,
        gate: 'softmax-mixed' as const,
        wGate: expertWeights.wGate?.subarray(0, sharedCount * f * d),
        wUp: expertWeights.wUp.subarray(0, sharedCount * f * d),
        wDown: expertWeights.wDown.subarray(0, sharedCount * d * f),
      };
      return {
        layer: {
          spec: router.spec(),
          weights: { ...base, router: routerRows(experts + 2 + sharedCount), shared },
        },
        input: {},
      };
    }
  }
}

/** One family's line of the demo table (first layer of the stack, plus the stack's mean). */
export interface DemoRow {
  readonly family: DemoFamily;
  readonly meanExperts: number;
  readonly minExperts: number;
  readonly maxExperts: number;
  /** Mean experts per token over every layer of the stack. */
  readonly stackMeanExperts: number;
  readonly zeroShare: number;
  readonly tokensPerSecond: number;
  readonly timeVsTop2: number;
  readonly deviationFromTop2: number;
  /** Median time of the first layer's forward, ms. */
  readonly medianMs: number;
}
