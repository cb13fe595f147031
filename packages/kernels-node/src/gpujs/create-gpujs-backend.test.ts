import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { KernelBackendV1, LayerInputV1, MoeLayerV1, RouterSpecV1 } from '@anyk/core';
import {
  AnykError,
  BackendLostError,
  BackendUnavailableError,
  createReferenceBackend,
  InvalidArgumentError,
  NonFiniteError,
  ShapeError,
  UnsupportedError,
} from '@anyk/core';
import { seededRandom } from '@anyk/core/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGpuJsBackend } from './create-gpujs-backend.ts';
import type { GpuJsMode } from './gpujs-runtime.ts';

function randomArray(random: () => number, length: number, scale: number, offset = 0): Float64Array {
  return Float64Array.from({ length }, () => offset + scale * (2 * random() - 1));
}

const tokens = 8;
const d = 8;
const f = 12;

interface LayerCase {
  readonly name: string;
  readonly layer: MoeLayerV1;
  readonly input: LayerInputV1;
}

interface CaseExtras {
  readonly expert?: MoeLayerV1['weights']['expert'];
  readonly params?: (random: () => number, total: number) => MoeLayerV1['params'];
  readonly gateMap?: boolean;
  readonly expertInputScale?: number;
  readonly k?: Int32Array;
  readonly routerScale?: number;
}

/** A seeded layer for `spec`: random router (linear or cosine), experts, constants, gate map, inputs. */
function layerCase(name: string, spec: RouterSpecV1, seed: number, extras: CaseExtras = {}): LayerCase {
  const random = seededRandom(seed);
  const experts = spec.numExperts;
  const total = experts + spec.zeroComputation.length;
  const expert = extras.expert ?? { kind: 'swiglu' };
  const constants = spec.zeroComputation.filter((kind) => kind === 'constant').length;
  const routerScale = extras.routerScale ?? 0.6;
  const router =
    spec.logits.kind === 'cosine'
      ? randomArray(random, d * experts, 1)
      : randomArray(random, total * d, routerScale);
  const layer: MoeLayerV1 = {
    spec,
    weights: {
      d,
      f,
      expert,
      router,
      wGate: expert.kind === 'swiglu' ? randomArray(random, experts * f * d, 0.5) : undefined,
      wUp: randomArray(random, experts * f * d, 0.5),
      wDown: randomArray(random, experts * d * f, 0.4),
      constants:
        constants > 0
          ? { wc: randomArray(random, constants * 2 * d, 0.5), v: randomArray(random, constants * d, 1) }
          : undefined,
    },
    params: extras.params?.(random, total),
    gateMap: extras.gateMap ? randomArray(random, total * total, 0.3) : undefined,
    expertInputScale: extras.expertInputScale,
  };
  const input: LayerInputV1 = {
    tokens,
    x: randomArray(random, tokens * d, 1),
    prevLogits: extras.gateMap ? randomArray(random, tokens * total, 1) : undefined,
    k: extras.k,
  };
  return { name, layer, input };
}

function spec(partial: Partial<RouterSpecV1> & Pick<RouterSpecV1, 'family' | 'selection'>): RouterSpecV1 {
  return {
    specificationVersion: 'v1',
    numExperts: 6,
    zeroComputation: [],
    logits: { kind: 'linear' },
    gatingResidual: false,
    scoring: { kind: 'softmax' },
    weighting: { kind: 'score', scale: 1, gain: false },
    ...partial,
  };
}

/** One spec per routing family (built by hand, as `@anyk/routers` would), on small seeded layers. */
const cases: LayerCase[] = [
  layerCase(
    'top-k (Mixtral, renormalised)',
    spec({
      family: 'top-k',
      selection: { kind: 'top-k', k: 2 },
      weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: false },
    }),
    1,
  ),
  layerCase(
    'top-k with capacity dropping',
    spec({ family: 'top-k', selection: { kind: 'top-k', k: 2 }, capacityFactor: 1 }),
    2,
    { routerScale: 1.2 },
  ),
  layerCase(
    'top-p (gelu experts)',
    spec({ family: 'top-p', selection: { kind: 'top-p', p: 0.6, maxK: 4 } }),
    3,
    {
      expert: { kind: 'mlp', activation: 'gelu' },
    },
  ),
  layerCase(
    'dynmoe (cosine, threshold, uniform, training)',
    spec({
      family: 'dynmoe',
      logits: { kind: 'cosine', logitScale: 2 },
      scoring: { kind: 'sigmoid' },
      selection: { kind: 'threshold', thresholdScale: 2, fallback: 'none' },
      weighting: { kind: 'uniform' },
    }),
    4,
    {
      params: (random) => ({
        thresholds: randomArray(random, 6, 0.6, 0.1),
        mask: Float64Array.from([1, 1, 0, 1, 1, 1]),
      }),
    },
  ),
  layerCase(
    'dynmoe (argmax fallback, inference)',
    spec({
      family: 'dynmoe',
      logits: { kind: 'cosine', logitScale: 2 },
      scoring: { kind: 'sigmoid' },
      selection: { kind: 'threshold', thresholdScale: 2, fallback: 'argmax' },
      weighting: { kind: 'uniform' },
    }),
    5,
    // High thresholds so several tokens select nothing and fall back to their argmax.
    { params: (random) => ({ thresholds: randomArray(random, 6, 0.3, 0.6) }) },
  ),
  layerCase(
    'remoe (relu, positive)',
    spec({ family: 'remoe', scoring: { kind: 'relu' }, selection: { kind: 'positive' } }),
    6,
  ),
  layerCase(
    'blockffn (relu-rmsnorm, gain, silu experts)',
    spec({
      family: 'blockffn',
      scoring: { kind: 'relu-rmsnorm', eps: 1e-6 },
      selection: { kind: 'positive' },
      weighting: { kind: 'score', scale: 1, gain: true },
    }),
    7,
    {
      expert: { kind: 'mlp', activation: 'silu' },
      params: (random) => ({ gain: randomArray(random, 6, 0.5, 1) }),
    },
  ),
  layerCase(
    'deepseek-v3 (sigmoid, group limit, bias, scale 2.5)',
    spec({
      family: 'deepseek-v3',
      numExperts: 8,
      scoring: { kind: 'sigmoid' },
      selection: { kind: 'top-k', k: 3, groups: { count: 4, keep: 2, score: 'top2-sum' } },
      weighting: { kind: 'renormalise', scale: 2.5, excludeZeroExperts: false },
    }),
    8,
    { params: (random, total) => ({ selectionBias: randomArray(random, total, 0.1) }) },
  ),
  layerCase(
    'deepseek-v3 Hugging Face group drop (dropped experts at 0.0 beat negative kept ones)',
    spec({
      family: 'deepseek-v3',
      numExperts: 8,
      scoring: { kind: 'sigmoid' },
      selection: { kind: 'top-k', k: 3, groups: { count: 4, keep: 2, score: 'top2-sum', dropped: 'zero' } },
      weighting: { kind: 'renormalise', scale: 2.5, excludeZeroExperts: false },
    }),
    16,
    // Biases around -0.6 make most biased scores negative, so tokens pick experts of dropped groups.
    { params: (random, total) => ({ selectionBias: randomArray(random, total, 0.3, -0.6) }) },
  ),
  layerCase(
    'deepseek-v3 (softmax, group max)',
    spec({
      family: 'deepseek-v3',
      numExperts: 8,
      selection: { kind: 'top-k', k: 2, groups: { count: 4, keep: 2, score: 'max' } },
      weighting: { kind: 'score', scale: 2.5, gain: false },
    }),
    9,
  ),
  layerCase(
    'longcat (copy experts, bias, scale 6)',
    spec({
      family: 'longcat',
      zeroComputation: ['copy', 'copy'],
      selection: { kind: 'top-k', k: 3 },
      weighting: { kind: 'score', scale: 6, gain: false },
    }),
    10,
    { params: (random, total) => ({ selectionBias: randomArray(random, total, 0.05) }) },
  ),
  layerCase(
    'moe++ (zero/copy/constant, gating residual, std-norm, input scale)',
    spec({
      family: 'moe-plus-plus',
      zeroComputation: ['zero', 'copy', 'constant', 'constant'],
      gatingResidual: true,
      stdNormalise: { normStd: 1 },
      selection: { kind: 'top-k', k: 2 },
      weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
    }),
    11,
    { gateMap: true, expertInputScale: 2 },
  ),
  layerCase(
    'adamoe (null experts)',
    spec({
      family: 'adamoe',
      zeroComputation: ['zero', 'zero', 'zero'],
      selection: { kind: 'top-k', k: 3 },
      weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
    }),
    12,
  ),
  layerCase(
    'ada-k (predicted k)',
    spec({ family: 'ada-k', selection: { kind: 'predicted-k', kMax: 4 } }),
    13,
    {
      k: Int32Array.from([0, 1, 2, 3, 4, 2, 1, 3]),
    },
  ),
  layerCase(
    'expert-choice',
    spec({ family: 'expert-choice', selection: { kind: 'expert-choice', capacity: 3 } }),
    14,
  ),
  layerCase(
    'top-p with selection bias (exact prefix)',
    spec({ family: 'top-p', selection: { kind: 'top-p', p: 0.5 } }),
    15,
    { params: (random, total) => ({ selectionBias: randomArray(random, total, 0.3) }) },
  ),
];

const tolerance = 1e-4;

function expectClose(name: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length, `${name} length`).toBe(expected.length);
  let worst = 0;
  let worstIndex = -1;
  for (let index = 0; index < expected.length; index++) {
    const error = Math.abs(actual[index]! - expected[index]!);
    if (!(error <= worst)) {
      worst = error;
      worstIndex = index;
    }
  }
  expect(worst, `${name}: largest error at ${worstIndex}`).toBeLessThanOrEqual(tolerance);
}

const modes: GpuJsMode[] = ['webasm', 'cpu'];

let reference: KernelBackendV1;
beforeAll(async () => {
  reference = await createReferenceBackend();
});

describe.each(modes)('gpu.js backend, mode %s', (mode) => {
  let backend: KernelBackendV1;
  beforeAll(async () => {
    backend = await createGpuJsBackend({ mode });
  });
  afterAll(async () => {
    await backend.dispose();
  });

  it('declares float32 forward-only capabilities', () => {
    expect(backend.name).toBe('gpujs');
    expect(backend.specificationVersion).toBe('v1');
    expect(backend.capabilities).toEqual({ precision: 'float32', backward: false });
  });

  it.each(cases.map((entry) => [entry.name, entry] as const))(
    'forward matches the reference: %s',
    async (_name, { layer, input }) => {
      const expected = await reference.forward(layer, input);
      const actual = await backend.forward(layer, input);
      // Routing decisions and the plan must match exactly.
      expect(Array.from(actual.routing.slotExpert)).toEqual(Array.from(expected.routing.slotExpert));
      expect(Array.from(actual.routing.kCount)).toEqual(Array.from(expected.routing.kCount));
      expect(actual.routing.kMax).toBe(expected.routing.kMax);
      expect(Array.from(actual.plan.expertOffset)).toEqual(Array.from(expected.plan.expertOffset));
      expect(Array.from(actual.plan.rowToken)).toEqual(Array.from(expected.plan.rowToken));
      expect(Array.from(actual.plan.rowSlot)).toEqual(Array.from(expected.plan.rowSlot));
      expect(Array.from(actual.plan.slotRow)).toEqual(Array.from(expected.plan.slotRow));
      // Floats within tolerance.
      expectClose('logits', actual.routing.logits, expected.routing.logits);
      expectClose('scores', actual.routing.scores, expected.routing.scores);
      expectClose('slotWeight', actual.routing.slotWeight, expected.routing.slotWeight);
      expectClose('y', actual.y, expected.y);
      expect(actual.y).toBeInstanceOf(Float32Array);
    },
  );

  it('routes given logits (router-only call) like the reference', async () => {
    const { layer } = cases[0] as LayerCase;
    const random = seededRandom(99);
    const logits = randomArray(random, tokens * 6, 2);
    const expected = await reference.route(layer.spec, { tokens, logits });
    const actual = await backend.route(layer.spec, { tokens, logits });
    expect(Array.from(actual.slotExpert)).toEqual(Array.from(expected.slotExpert));
    expectClose('slotWeight', actual.slotWeight, expected.slotWeight);
    expectClose('logits', actual.logits, expected.logits);
  });

  it('breaks exact ties to the lower id and handles top-p with a bias that makes prefixes non-monotone', async () => {
    const base = spec({ family: 'top-k', numExperts: 4, selection: { kind: 'top-k', k: 2 } });
    const tied = { tokens: 2, logits: Float64Array.from([1, 3, 3, 3, 2, 2, 0, 2]) };
    const tiedRouting = await backend.route(base, tied);
    expect(Array.from(tiedRouting.slotExpert)).toEqual([1, 2, 0, 1]);
    expect(Array.from(tiedRouting.slotExpert)).toEqual(
      Array.from((await reference.route(base, tied)).slotExpert),
    );
    // Equal scores 0.25 plus the bias give keys [0.5, 0.3, -0.5, -0.6]: cumulative 0.5, 0.8, 0.3, -0.3.
    // Only the first two are kept (0.8 > p); expert 3 follows a prefix (0.3) that fell back below p.
    const topP = spec({ family: 'top-p', numExperts: 4, selection: { kind: 'top-p', p: 0.6 } });
    const biased = {
      tokens: 1,
      logits: new Float64Array(4),
      params: { selectionBias: Float64Array.from([0.25, 0.05, -0.75, -0.85]) },
    };
    const biasedRouting = await backend.route(topP, biased);
    expect(Array.from(biasedRouting.slotExpert)).toEqual([0, 1, -1, -1]);
    expect(Array.from((await reference.route(topP, biased)).slotExpert)).toEqual([0, 1, -1, -1]);
  });

  it('exercises the cases it claims to: fallback picks, capacity drops, empty tokens', async () => {
    const byName = (name: string): LayerCase =>
      cases.find((entry) => entry.name.startsWith(name)) as LayerCase;
    const fallback = byName('dynmoe (argmax');
    const fallbackRouting = (await backend.forward(fallback.layer, fallback.input)).routing;
    // Fallback tokens select exactly one expert with weight 1.
    const fallbackTokens = Array.from(fallbackRouting.kCount).filter(
      (count, t) => count === 1 && fallbackRouting.slotWeight[t * fallbackRouting.kMax] === 1,
    );
    expect(fallbackTokens.length).toBeGreaterThan(0);
    const capacity = byName('top-k with capacity');
    const capacityRouting = (await backend.forward(capacity.layer, capacity.input)).routing;
    expect(Array.from(capacityRouting.kCount).some((count) => count < 2)).toBe(true);
    const adaK = byName('ada-k');
    expect((await backend.forward(adaK.layer, adaK.input)).routing.kCount[0]).toBe(0);
  });

  it('handles zero tokens', async () => {
    const { layer } = cases[0] as LayerCase;
    const result = await backend.forward(layer, { tokens: 0, x: new Float64Array(0) });
    expect(result.y.length).toBe(0);
    expect(result.routing.slotExpert.length).toBe(0);
  });

  it('rejects bad input with typed errors naming the argument', async () => {
    const { layer, input } = cases[0] as LayerCase;
    await expect(backend.forward(layer, { ...input, x: new Float64Array(3) })).rejects.toMatchObject({
      name: 'ShapeError',
      argument: 'input.x',
    });
    const poisoned = Float64Array.from(input.x);
    poisoned[5] = Number.NaN;
    await expect(backend.forward(layer, { ...input, x: poisoned })).rejects.toBeInstanceOf(NonFiniteError);
    await expect(
      backend.forward({ ...layer, weights: { ...layer.weights, wUp: new Float64Array(2) } }, input),
    ).rejects.toBeInstanceOf(ShapeError);
    await expect(
      backend.forward({ ...layer, spec: { ...layer.spec, selection: { kind: 'top-k', k: 0 } } }, input),
    ).rejects.toMatchObject({ name: 'InvalidArgumentError', argument: 'selection.k' });
    await expect(backend.route(layer.spec, { tokens: 2 })).rejects.toBeInstanceOf(InvalidArgumentError);
    const adaK = cases.find((entry) => entry.name.startsWith('ada-k')) as LayerCase;
    await expect(
      backend.forward(adaK.layer, { ...adaK.input, k: Int32Array.from([9, 0, 0, 0, 0, 0, 0, 0]) }),
    ).rejects.toMatchObject({ name: 'InvalidArgumentError', argument: 'k[0]' });
  });

  it('rejects std-normalising a constant row like the reference', async () => {
    const moePlusPlus = cases.find((entry) => entry.name.startsWith('moe++')) as LayerCase;
    const total = 10;
    const logits = new Float64Array(tokens * total).fill(0.5);
    const routeSpec = { ...moePlusPlus.layer.spec, gatingResidual: false };
    await expect(reference.route(routeSpec, { tokens, logits })).rejects.toMatchObject({
      argument: 'logits[0]',
    });
    await expect(backend.route(routeSpec, { tokens, logits })).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      argument: 'logits[0]',
    });
  });

  it('rejects arrays gpu.js cannot index exactly (over 2^24 elements)', async () => {
    const { layer } = cases[0] as LayerCase;
    const bigTokens = (1 << 21) + 1;
    const error = await backend
      .route(layer.spec, {
        tokens: bigTokens,
        x: new Float32Array(bigTokens * d),
        router: layer.weights.router,
        d,
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsupportedError);
    expect(String((error as Error).message)).toMatch(/x with 16777224 elements.*2\^24/);
  });

  it('is forward-only: backward, routeBackward and retainForBackward reject with UnsupportedError', async () => {
    const { layer, input } = cases[0] as LayerCase;
    const forward = await backend.forward(layer, input);
    await expect(
      backend.backward(layer, input, forward, new Float64Array(tokens * d)),
    ).rejects.toBeInstanceOf(UnsupportedError);
    await expect(
      backend.routeBackward(
        layer.spec,
        { tokens, logits: new Float64Array(tokens * 6) },
        new Float64Array(48),
      ),
    ).rejects.toBeInstanceOf(UnsupportedError);
    await expect(backend.forward(layer, input, { retainForBackward: true })).rejects.toBeInstanceOf(
      UnsupportedError,
    );
  });

  it('reports memory', () => {
    const report = backend.memory();
    expect(report.bytesPooled).toBe(0);
    expect(report.details?.kernels).toBeGreaterThan(0);
    expect(report.details?.kernelCalls).toBeGreaterThan(0);
    if (mode === 'webasm') expect(report.bytesInUse).toBeGreaterThan(0);
    else expect(report.bytesInUse).toBe(0);
  });
});

describe('gpu.js backend lifecycle and modes', () => {
  it('mode headlessgl fails with a typed error naming the missing gl package', async () => {
    const error = await createGpuJsBackend({ mode: 'headlessgl' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).backend).toBe('gpujs');
    expect((error as Error).message).toMatch(/`gl` package/);
  });

  it('rejects an unknown mode and a bad pool size', async () => {
    await expect(createGpuJsBackend({ mode: 'webgl' as GpuJsMode })).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      argument: 'options.mode',
    });
    await expect(createGpuJsBackend({ poolSize: 0 })).rejects.toMatchObject({ argument: 'options.poolSize' });
  });

  it('defaults to webasm, and every method rejects with BackendLostError after dispose', async () => {
    const backend = await createGpuJsBackend();
    const { layer, input } = cases[0] as LayerCase;
    await backend.forward(layer, input);
    expect(backend.memory().bytesInUse).toBeGreaterThan(0);
    await backend.dispose();
    await backend.dispose();
    await expect(backend.forward(layer, input)).rejects.toBeInstanceOf(BackendLostError);
    await expect(backend.route(layer.spec, { tokens, logits: new Float64Array(48) })).rejects.toBeInstanceOf(
      BackendLostError,
    );
    await expect(backend.backward(layer, input, {} as never, new Float64Array(1))).rejects.toBeInstanceOf(
      BackendLostError,
    );
    const error = await backend.forward(layer, input).catch((caught: unknown) => caught);
    expect(AnykError.isInstance(error)).toBe(true);
  });

  it('lets the process exit after dispose, worker pool included', async () => {
    // A child process runs a layer big enough (>= 4096 output cells) for gpu.js to start its webasm worker
    // pool, disposes, and must then exit on its own.
    const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
    const directory = await mkdtemp(join(tmpdir(), 'anyk-gpujs-'));
    const script = join(directory, 'exit.mjs');
    await writeFile(
      script,
      `import { createRequire } from 'node:module';
// Count gpu.js's worker threads (it requires worker_threads lazily, so patching the export is seen).
const threads = createRequire(import.meta.url)('worker_threads');
const OriginalWorker = threads.Worker;
let started = 0;
let alive = 0;
threads.Worker = class extends OriginalWorker {
  constructor(...args) {
    super(...args);
    started++;
    alive++;
    this.once('exit', () => alive--);
  }
};
const { createGpuJsBackend } = await import(${JSON.stringify(entry)});
const backend = await createGpuJsBackend({ mode: 'webasm' });
const spec = { specificationVersion: 'v1', family: 'top-k', numExperts: 4, zeroComputation: [],
  logits: { kind: 'linear' }, gatingResidual: false, scoring: { kind: 'softmax' },
  selection: { kind: 'top-k', k: 2 }, weighting: { kind: 'score', scale: 1, gain: false } };
const tokens = 2048;
const d = 4;
const x = Float32Array.from({ length: tokens * d }, (_, index) => Math.sin(index));
const router = Float32Array.from({ length: 4 * d }, (_, index) => Math.cos(index));
const routing = await backend.route(spec, { tokens, x, router, d });
const before = alive;
await backend.dispose();
await new Promise((resolve) => setTimeout(resolve, 300));
console.log(JSON.stringify({ tokens: routing.kCount.length, started, before, after: alive }));
`,
    );
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--experimental-strip-types', '--no-warnings', '--conditions=@anyk/source', script],
        { timeout: 30_000 },
      );
      const report = JSON.parse(stdout.trim()) as {
        tokens: number;
        started: number;
        before: number;
        after: number;
      };
      expect(report.tokens).toBe(2048);
      expect(report.started).toBeGreaterThan(0);
      expect(report.before).toBeGreaterThan(0);
      expect(report.after).toBe(0);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
