import { createReferenceBackend } from '@anyk/core';
import {
  biasControllerStep,
  chunkSchedulerStep,
  createBiasControllerState,
  createChunkSchedulerState,
  l1BalancedLoss,
  remoeLambdaUpdate,
  remoeMeanSparsity,
} from '@anyk/losses';
import { longCat } from '@anyk/routers/longcat';

/** One simulated run: a series per plotted quantity, and the knobs it ran with. */
export interface Simulation {
  readonly series: readonly {
    readonly name: string;
    readonly values: readonly number[];
    readonly log?: boolean;
  }[];
  /** A horizontal reference line (a target), on the first series' axis. */
  readonly target?: { readonly name: string; readonly value: number } | undefined;
}

/** A small deterministic generator (mulberry32) so every run of a chart draws the same batch. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
function normals(count: number, seed: number): Float64Array {
  const uniform = seeded(seed);
  return Float64Array.from({ length: count }, () => {
    const radius = Math.sqrt(-2 * Math.log(uniform() + 1e-12));
    return radius * Math.cos(2 * Math.PI * uniform());
  });
}

/**
 * ReMoE toy: router logits `z_te = base_te + offset_e` for a fixed random batch; each step the offsets
 * move by `push` (a stand-in for the language-model gradient, which favours dense routing) minus
 * `learningRate` times the real `l1BalancedLoss` gradient summed over tokens, then the real
 * `remoeLambdaUpdate` adjusts lambda from the measured sparsity.
 */
export function simulateRemoeLambda(knobs: { targetK: number; steps: number; push: number }): Simulation {
  const tokens = 64;
  const experts = 8;
  const base = normals(tokens * experts, 7);
  const offsets = new Float64Array(experts).fill(0.5);
  const learningRate = 1;
  let state = { lambda: 1e-8 };
  const lambdas: number[] = [];
  const activeExperts: number[] = [];
  const logits = new Float64Array(tokens * experts);
  for (let step = 0; step < knobs.steps; step++) {
    for (let index = 0; index < logits.length; index++)
      logits[index] = (base[index] as number) + (offsets[index % experts] as number);
    const sparsity = remoeMeanSparsity(logits, 1, tokens, experts);
    activeExperts.push((1 - sparsity) * experts);
    lambdas.push(state.lambda);
    const { grad } = l1BalancedLoss(
      { logits, numTokens: tokens, numExperts: experts },
      { lambda: state.lambda, targetK: knobs.targetK },
    );
    for (let expert = 0; expert < experts; expert++) {
      let pull = 0;
      for (let token = 0; token < tokens; token++) pull += grad.logits[token * experts + expert] as number;
      offsets[expert] = (offsets[expert] as number) + knobs.push - learningRate * pull;
    }
    state = remoeLambdaUpdate(state, sparsity, { numExperts: experts, targetK: knobs.targetK });
  }
  return {
    series: [
      { name: 'active experts per token', values: activeExperts },
      { name: 'λ (log scale)', values: lambdas, log: true },
    ],
    target: { name: 'target k', value: knobs.targetK },
  };
}

/**
 * LongCat closed loop: the real `longCat` router routes a fixed batch of random logits on the reference
 * backend with the current selection bias; `ffnLoads` feeds the real `biasControllerStep`.
 */
export async function simulateLongcatBias(knobs: {
  targetFfnK: number;
  steps: number;
  kp: number;
}): Promise<Simulation> {
  const numExperts = 8;
  const identityExperts = 4;
  const k = 4;
  const tokens = 64;
  const router = longCat({ numExperts, identityExperts, k });
  const total = numExperts + identityExperts;
  const logits = normals(tokens * total, 11);
  // Identity experts start attractive, so tokens use few FFN experts until the bias corrects it.
  for (let token = 0; token < tokens; token++)
    for (let expert = numExperts; expert < total; expert++)
      logits[token * total + expert] = (logits[token * total + expert] as number) + 1;
  const config = {
    numExperts,
    numZeroExperts: identityExperts,
    k,
    targetFfnK: knobs.targetFfnK,
    kp: knobs.kp,
  };
  let state = createBiasControllerState(new Float64Array(total), config);
  const backend = await createReferenceBackend();
  const ffnPerToken: number[] = [];
  const meanBias: number[] = [];
  for (let step = 0; step < knobs.steps; step++) {
    const routing = await backend.route(router.spec(), {
      tokens,
      logits,
      params: { selectionBias: state.bias },
    });
    const loads = router.ffnLoads(routing);
    ffnPerToken.push(loads.reduce((sum, load) => sum + load, 0) / tokens);
    meanBias.push(state.bias.slice(0, numExperts).reduce((sum, value) => sum + value, 0) / numExperts);
    state = biasControllerStep(state, loads, tokens, config).state;
  }
  await backend.dispose();
  return {
    series: [
      { name: 'FFN experts per token', values: ffnPerToken },
      { name: 'mean FFN bias', values: meanBias },
    ],
    target: { name: 'target K_e', value: knobs.targetFfnK },
  };
}

/**
 * BlockFFN schedule: the real `chunkSchedulerStep` fed a simulated chunk-sparsity loss that rises
 * until `turn` and falls after (with a little deterministic noise).
 */
export function simulateChunkScheduler(knobs: { steps: number; turn: number }): Simulation {
  const config = { start: 5e-2, stableSteps: 1000, interval: 100, maxFactor: 4, minFactor: 1.025 };
  let state = createChunkSchedulerState(config);
  const noise = normals(knobs.steps, 5);
  const losses: number[] = [];
  const coefficients: number[] = [];
  for (let step = 0; step < knobs.steps; step++) {
    const trend =
      step < knobs.turn ? 0.3 + 0.2 * (step / knobs.turn) : 0.5 * Math.exp(-(step - knobs.turn) / 1500);
    const loss = Math.max(1e-3, trend + 0.01 * (noise[step] as number));
    const result = chunkSchedulerStep(state, loss, config);
    state = result.state;
    losses.push(loss);
    coefficients.push(result.coef);
  }
  return {
    series: [
      { name: 'λ_CS', values: coefficients },
      { name: 'chunk-sparsity loss', values: losses },
    ],
  };
}
