import type { KernelBackendV1 } from '@anyk/core';
import { type Progress, silentProgress } from '../harness/progress-bar.ts';
import { type DemoFamily, type DemoRow, type DemoShape, demoLayer, demoTokens } from './demo-model.ts';
import {
  type DemoStackInputs,
  type DemoStackLayer,
  type DemoStackRun,
  runDemoStack,
} from './run-demo-stack.ts';

/** What the demo routes: `tokens` tokens through `layers` layers built per family. */
export interface DemoWorkload {
  readonly tokens: number;
  readonly layers: number;
  readonly inputs: DemoStackInputs;
  /** The layers of one family's stack. */
  readonly stack: (family: DemoFamily) => DemoStackLayer[];
}

/**
 * The seeded synthetic workload (`anyk demo --synthetic`): tokens of documented difficulty (see
 * `demoTokens`) through `layers` chained layers per family.
 */
export function syntheticWorkload(
  shape: DemoShape,
  layers: number,
): DemoWorkload & { readonly difficulty: Float32Array } {
  const batch = demoTokens(shape);
  return {
    tokens: shape.tokens,
    layers,
    inputs: { kind: 'residual', x: batch.x },
    stack: (family) =>
      Array.from({ length: layers }, (_, index) => demoLayer(family, shape, batch.centres, index)),
    difficulty: batch.difficulty,
  };
}

export interface RunDemoOptions {
  readonly families: readonly DemoFamily[];
  readonly workload: DemoWorkload;
  readonly progress?: Progress | undefined;
}

export interface DemoResult {
  readonly rows: DemoRow[];
  readonly runs: DemoStackRun[];
}

/**
 * Runs every family's stack on one backend and summarises the first layer against top-2 (which always
 * runs, as the baseline). The reference backend is slow, so it gets one timed pass and no warm-up; fast
 * backends get a warm-up pass (weight packing) and five timed passes.
 */
export async function runDemo(backend: KernelBackendV1, options: RunDemoOptions): Promise<DemoResult> {
  const { workload } = options;
  const { tokens } = workload;
  const progress = options.progress ?? silentProgress;
  const passes =
    backend.name === 'reference' ? { warmupPasses: 0, timedPasses: 1 } : { warmupPasses: 1, timedPasses: 5 };
  const families: DemoFamily[] = options.families.includes('top-k')
    ? [...options.families]
    : ['top-k', ...options.families];
  progress.start(families.length, `demo (${backend.name})`);
  // One untimed first-layer call so the baseline is not the run that pays for JIT compilation.
  const firstInputs: DemoStackInputs =
    workload.inputs.kind === 'residual'
      ? workload.inputs
      : { kind: 'captured', x: workload.inputs.x.slice(0, 1) };
  await runDemoStack(backend, 'top-k', tokens, workload.stack('top-k').slice(0, 1), firstInputs, {
    warmupPasses: 0,
    timedPasses: 1,
  });
  const runs: DemoStackRun[] = [];
  for (const family of families) {
    runs.push(await runDemoStack(backend, family, tokens, workload.stack(family), workload.inputs, passes));
    progress.tick(family);
  }
  progress.done();
  const baseline = runs.find((run) => run.family === 'top-k') as DemoStackRun;
  const baselineMs = (baseline.layers[0] as DemoStackRun['layers'][number]).medianMs;
  const shown = runs.filter((run) => options.families.includes(run.family));
  const rows = shown.map((run): DemoRow => {
    const first = run.layers[0] as DemoStackRun['layers'][number];
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    for (const count of first.expertsPerToken) {
      sum += count;
      min = Math.min(min, count);
      max = Math.max(max, count);
    }
    let stackSum = 0;
    for (const layer of run.layers) for (const count of layer.expertsPerToken) stackSum += count;
    let difference = 0;
    let norm = 0;
    for (let index = 0; index < baseline.firstLayerY.length; index++) {
      const expected = baseline.firstLayerY[index]!;
      difference += (run.firstLayerY[index]! - expected) ** 2;
      norm += expected ** 2;
    }
    return {
      family: run.family,
      meanExperts: sum / tokens,
      minExperts: tokens === 0 ? 0 : min,
      maxExperts: max,
      stackMeanExperts: stackSum / (tokens * run.layers.length),
      zeroShare: first.slots === 0 ? 0 : first.zeroSlots / first.slots,
      tokensPerSecond: tokens / (first.medianMs / 1000),
      timeVsTop2: first.medianMs / baselineMs,
      deviationFromTop2: Math.sqrt(difference / Math.max(norm, 1e-30)),
      medianMs: first.medianMs,
    };
  });
  return { rows, runs: shown };
}
