import type { RouteInputV1, RouterSpecV1 } from '@anyk/core';
import { adaK } from '@anyk/routers/ada-k';
import { adaMoE } from '@anyk/routers/adamoe';
import { blockFFN } from '@anyk/routers/blockffn';
import { deepSeekV3 } from '@anyk/routers/deepseek-v3';
import { dynMoE } from '@anyk/routers/dynmoe';
import { expertChoice } from '@anyk/routers/expert-choice';
import { longCat } from '@anyk/routers/longcat';
import { moePlusPlus } from '@anyk/routers/moe-plus-plus';
import { reMoE } from '@anyk/routers/remoe';
import { topK } from '@anyk/routers/top-k';
import { topP } from '@anyk/routers/top-p';
import { uniMoE2 } from '@anyk/routers/uni-moe-2';

/** A knob of a family's widget: a slider, or a choice between labelled values. */
export type Knob =
  | {
      readonly key: string;
      readonly label: string;
      readonly kind: 'range';
      readonly min: number;
      readonly max: number;
      readonly step: number;
      readonly value: number;
    }
  | {
      readonly key: string;
      readonly label: string;
      readonly kind: 'select';
      readonly options: readonly string[];
      readonly value: string;
    };

export type KnobValues = Readonly<Record<string, number | string>>;

/** What a widget routes: the spec from the real factory and the route input built around the logits. */
export interface WidgetRouting {
  readonly spec: RouterSpecV1;
  /** `[tokens, columns]` editable values become this input (logits, or x for cosine routers). */
  readonly input: (values: Float64Array, tokens: number) => RouteInputV1;
  /** Column labels: real experts `e0..`, zero-computation experts by kind. */
  readonly columns: readonly string[];
}

export interface FamilyWidget {
  readonly knobs: readonly Knob[];
  /** What the editable grid holds, shown above it. */
  readonly valuesLabel: string;
  readonly build: (knobs: KnobValues) => WidgetRouting;
}

/** Real experts in every widget (small enough to read, large enough for k to vary). */
export const widgetExperts = 6;
/** Tokens in every widget's batch. */
export const widgetTokens = 3;

const realColumns = (count: number): string[] => Array.from({ length: count }, (_, index) => `e${index}`);
const logitsInput =
  (extra: Partial<RouteInputV1> = {}) =>
  (values: Float64Array, tokens: number): RouteInputV1 => ({ tokens, logits: values, ...extra });
const num = (knobs: KnobValues, key: string): number => Number(knobs[key]);
const str = (knobs: KnobValues, key: string): string => String(knobs[key]);

/** A bias vector that is `value` on one expert and 0 elsewhere (the widgets' "bias on e1" knob). */
function oneHotBias(columns: number, expert: number, value: number): Float64Array {
  const bias = new Float64Array(columns);
  bias[expert] = value;
  return bias;
}

/** `[d, E]` identity: DynMoE's expert embeddings point along the axes, so x_e is expert e's cosine share. */
function identityEmbeddings(size: number): Float64Array {
  const embeddings = new Float64Array(size * size);
  for (let index = 0; index < size; index++) embeddings[index * size + index] = 1;
  return embeddings;
}

const E = widgetExperts;

/** One live widget per family id of `family-table.ts`. */
export const familyWidgets: Readonly<Record<string, FamilyWidget>> = {
  'top-k': {
    valuesLabel: 'router logits z = W x',
    knobs: [
      { key: 'k', label: 'k', kind: 'range', min: 1, max: E, step: 1, value: 2 },
      { key: 'weights', label: 'weights', kind: 'select', options: ['renorm', 'raw'], value: 'renorm' },
    ],
    build: (knobs) => ({
      spec: topK({
        numExperts: E,
        k: num(knobs, 'k'),
        weights: str(knobs, 'weights') as 'renorm' | 'raw',
      }).spec(),
      input: logitsInput(),
      columns: realColumns(E),
    }),
  },
  'top-p': {
    valuesLabel: 'router logits z = W x',
    knobs: [
      { key: 'p', label: 'p', kind: 'range', min: 0.05, max: 1, step: 0.05, value: 0.4 },
      { key: 'maxK', label: 'maxK (0 = off)', kind: 'range', min: 0, max: E, step: 1, value: 0 },
    ],
    build: (knobs) => ({
      spec: topP({ numExperts: E, p: num(knobs, 'p'), maxK: num(knobs, 'maxK') || undefined }).spec(),
      input: logitsInput(),
      columns: realColumns(E),
    }),
  },
  dynmoe: {
    valuesLabel: 'token x (d = E; expert e embeds along axis e, so x_e sets its cosine)',
    knobs: [
      {
        key: 'theta',
        label: 'threshold θ (all experts)',
        kind: 'range',
        min: -3,
        max: 3,
        step: 0.1,
        value: 0,
      },
      { key: 'active', label: 'active slots (mask)', kind: 'range', min: 1, max: E, step: 1, value: E },
      { key: 'mode', label: 'mode', kind: 'select', options: ['train', 'infer'], value: 'train' },
    ],
    build: (knobs) => {
      const router = dynMoE({ numExperts: E });
      const thresholds = new Float64Array(E).fill(num(knobs, 'theta'));
      const mask = Float64Array.from({ length: E }, (_, index) => (index < num(knobs, 'active') ? 1 : 0));
      return {
        spec: router.spec({ mode: str(knobs, 'mode') as 'train' | 'infer' }),
        input: (values, tokens) => ({
          tokens,
          d: E,
          x: values,
          router: identityEmbeddings(E),
          params: { thresholds, mask },
        }),
        columns: realColumns(E),
      };
    },
  },
  remoe: {
    valuesLabel: 'router logits z = W x (ReLU keeps the positive ones)',
    knobs: [
      {
        key: 'targetK',
        label: 'targetK (sets the λ target only)',
        kind: 'range',
        min: 1,
        max: E,
        step: 1,
        value: 1,
      },
    ],
    build: (knobs) => ({
      spec: reMoE({ numExperts: E, targetK: num(knobs, 'targetK') }).spec(),
      input: logitsInput(),
      columns: realColumns(E),
    }),
  },
  blockffn: {
    valuesLabel: 'router logits u = W x',
    knobs: [
      { key: 'gain', label: 'gain γ (all experts)', kind: 'range', min: 0, max: 3, step: 0.1, value: 1 },
      { key: 'gain1', label: 'gain γ of e1', kind: 'range', min: 0, max: 3, step: 0.1, value: 1 },
    ],
    build: (knobs) => {
      const gain = new Float64Array(E).fill(num(knobs, 'gain'));
      gain[1] = num(knobs, 'gain1');
      return {
        spec: blockFFN({ numExperts: E }).spec(),
        input: logitsInput({ params: { gain } }),
        columns: realColumns(E),
      };
    },
  },
  'ada-k': {
    valuesLabel: 'frozen router logits z = W x',
    knobs: [
      {
        key: 'k',
        label: 'k chosen by the allocator (every token)',
        kind: 'range',
        min: 1,
        max: 4,
        step: 1,
        value: 2,
      },
      { key: 'weights', label: 'weights', kind: 'select', options: ['renorm', 'raw'], value: 'renorm' },
    ],
    build: (knobs) => ({
      spec: adaK({ numExperts: E, kMax: 4, weights: str(knobs, 'weights') as 'renorm' | 'raw' }).spec(),
      input: (values, tokens) => ({
        tokens,
        logits: values,
        k: new Int32Array(tokens).fill(num(knobs, 'k')),
      }),
      columns: realColumns(E),
    }),
  },
  adamoe: {
    valuesLabel: 'logits over real and null experts',
    knobs: [
      { key: 'nullExperts', label: 'null experts Z', kind: 'range', min: 1, max: 4, step: 1, value: 2 },
      { key: 'k', label: 'k (over real + null)', kind: 'range', min: 1, max: 4, step: 1, value: 3 },
    ],
    build: (knobs) => {
      const nullExperts = num(knobs, 'nullExperts');
      return {
        spec: adaMoE({ numExperts: E, nullExperts, k: num(knobs, 'k') }).spec(),
        input: logitsInput(),
        columns: [...realColumns(E), ...Array.from({ length: nullExperts }, (_, index) => `null${index}`)],
      };
    },
  },
  'moe-plus-plus': {
    valuesLabel: 'logits over FFN experts, then constant, constant, copy, zero',
    knobs: [
      { key: 'k', label: 'k', kind: 'range', min: 1, max: 4, step: 1, value: 2 },
      {
        key: 'logitsNorm',
        label: 'std-normalise logits',
        kind: 'select',
        options: ['true', 'false'],
        value: 'true',
      },
      {
        key: 'mixtralGating',
        label: 'Mixtral gating',
        kind: 'select',
        options: ['false', 'true'],
        value: 'false',
      },
    ],
    build: (knobs) => {
      const router = moePlusPlus({
        numExperts: E,
        k: num(knobs, 'k'),
        logitsNorm: str(knobs, 'logitsNorm') === 'true',
        mixtralGating: str(knobs, 'mixtralGating') === 'true',
      });
      return {
        spec: router.spec(),
        input: logitsInput(),
        columns: [...realColumns(E), ...router.config.zeroComputation],
      };
    },
  },
  longcat: {
    valuesLabel: 'logits over FFN experts, then identity experts',
    knobs: [
      { key: 'k', label: 'k', kind: 'range', min: 1, max: 5, step: 1, value: 3 },
      {
        key: 'identityBias',
        label: 'selection bias of identity experts',
        kind: 'range',
        min: -0.5,
        max: 0.5,
        step: 0.05,
        value: 0,
      },
      { key: 'scale', label: 'routedScalingFactor', kind: 'range', min: 1, max: 8, step: 0.5, value: 6 },
    ],
    build: (knobs) => {
      const identityExperts = 2;
      const bias = new Float64Array(E + identityExperts);
      bias.fill(num(knobs, 'identityBias'), E);
      return {
        spec: longCat({
          numExperts: E,
          identityExperts,
          k: num(knobs, 'k'),
          routedScalingFactor: num(knobs, 'scale'),
        }).spec(),
        input: logitsInput({ params: { selectionBias: bias } }),
        columns: [...realColumns(E), 'id0', 'id1'],
      };
    },
  },
  'deepseek-v3': {
    valuesLabel: 'router logits z = W x (scores s = sigmoid(z))',
    knobs: [
      { key: 'k', label: 'k', kind: 'range', min: 1, max: 4, step: 1, value: 2 },
      { key: 'nGroups', label: 'groups', kind: 'select', options: ['1', '2', '3'], value: '1' },
      { key: 'topkGroups', label: 'groups kept', kind: 'range', min: 1, max: 3, step: 1, value: 1 },
      { key: 'bias1', label: 'selection bias of e1', kind: 'range', min: -1, max: 1, step: 0.05, value: 0 },
    ],
    build: (knobs) => {
      const nGroups = num(knobs, 'nGroups');
      return {
        spec: deepSeekV3({
          numExperts: E,
          k: num(knobs, 'k'),
          nGroups,
          topkGroups: Math.min(num(knobs, 'topkGroups'), nGroups),
        }).spec(),
        input: logitsInput({ params: { selectionBias: oneHotBias(E, 1, num(knobs, 'bias1')) } }),
        columns: realColumns(E),
      };
    },
  },
  'expert-choice': {
    valuesLabel: 'router logits z = W x (each expert picks tokens down its column)',
    knobs: [
      {
        key: 'capacity',
        label: 'capacity C (tokens per expert)',
        kind: 'range',
        min: 1,
        max: widgetTokens,
        step: 1,
        value: 1,
      },
    ],
    build: (knobs) => {
      const router = expertChoice({ numExperts: E, capacity: num(knobs, 'capacity') });
      return { spec: router.spec({ tokens: widgetTokens }), input: logitsInput(), columns: realColumns(E) };
    },
  },
  'uni-moe-2': {
    valuesLabel: 'router logits z = W x over routed, null and shared experts',
    knobs: [
      { key: 'nullExperts', label: 'null experts Z', kind: 'range', min: 0, max: 2, step: 1, value: 1 },
      { key: 'sharedExperts', label: 'shared experts S', kind: 'range', min: 0, max: 2, step: 1, value: 2 },
      { key: 'p', label: 'p (mass to reach)', kind: 'range', min: 0.05, max: 1, step: 0.05, value: 0.7 },
      {
        key: 'windowEps',
        label: 'near-tie window eps',
        kind: 'range',
        min: 0,
        max: 0.2,
        step: 0.01,
        value: 0.01,
      },
      {
        key: 'capacityFactor',
        label: 'capacity factor (0 = off; min capacity 1)',
        kind: 'range',
        min: 0,
        max: 3,
        step: 0.25,
        value: 0,
      },
    ],
    build: (knobs) => {
      const nullExperts = num(knobs, 'nullExperts');
      const sharedExperts = num(knobs, 'sharedExperts');
      const router = uniMoE2({
        numExperts: E,
        nullExperts,
        sharedExperts,
        p: num(knobs, 'p'),
        windowEps: num(knobs, 'windowEps'),
        // Three tokens never reach the default minimum capacity of 4: 1 lets the factor bite.
        capacityFactor: num(knobs, 'capacityFactor') || undefined,
        minCapacity: 1,
      });
      return {
        spec: router.spec(),
        input: logitsInput(),
        columns: [
          ...realColumns(E),
          ...Array.from({ length: nullExperts }, (_, index) => `null${index}`),
          ...Array.from({ length: sharedExperts }, (_, index) => `shared${index}`),
        ],
      };
    },
  },
};

/** The starting values of the editable grid: a peaked token, a two-way token and a flat one. */
export function initialValues(columns: number): number[][] {
  const peaked = [2.5, 0.4, 0.1, -0.3, -0.8, -1.2];
  const twoWay = [1.2, 1.0, -0.2, 0.3, -1.0, 0.1];
  const flat = [0.3, 0.2, 0.25, 0.1, 0.15, -0.05];
  return [peaked, twoWay, flat].map((row) =>
    Array.from({ length: columns }, (_, index) => row[index] ?? -0.5 + 0.2 * (index - row.length)),
  );
}
