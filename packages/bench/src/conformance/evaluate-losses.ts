import { type RouteInputV1, type RouterSpecV1, UnsupportedError } from '@anyk/core';
import { routeBackwardReference, routeReference } from '@anyk/core/internal';
import type { ConformanceActuals, Fixture, FixtureTensor } from '@anyk/core/testing';
import {
  type AuxLossConfig,
  biasControllerStep,
  computeLayerAuxLoss,
  createBiasControllerState,
  type LayerLossInputs,
  type LossScoring,
  remoeLambdaUpdate,
  remoeMeanSparsity,
  runBiasController,
  runChunkScheduler,
  signBiasStep,
} from '@anyk/losses';
import { expertLoads } from '@anyk/routers/diagnostics';
import type { AnyRouter } from './router-from-fixture.ts';

type Config = Readonly<Record<string, unknown>>;

/** The fixture's loss configuration in `@anyk/losses` terms (snake_case keys renamed). */
function lossConfig(loss: Config, router: Config): AuxLossConfig {
  const coef = loss.coef as number | undefined;
  const withCoef = <T extends object>(config: T): T => (coef === undefined ? config : { ...config, coef });
  switch (loss.type) {
    case 'load_balance':
      return withCoef({ type: 'load_balance', variant: loss.variant as 'argmax-fraction' });
    case 'l1_balanced':
      return { type: 'l1_balanced', lambda: loss.lambda as number, targetK: router.target_k as number };
    case 'l1_plain':
      return { type: 'l1_plain', lambda: loss.lambda as number };
    case 'activation_locality':
      return withCoef({
        type: 'activation_locality',
        ...(loss.sharpness === undefined ? {} : { sharpness: loss.sharpness as number }),
        ...(loss.detach_target === undefined ? {} : { detachTarget: loss.detach_target as boolean }),
      });
    case 'chunk_sparsity':
      return withCoef({ type: 'chunk_sparsity', chunkSize: loss.chunk_size as number });
    case 'ppo_clip':
      return withCoef({
        type: 'ppo_clip',
        ...(loss.clip_eps === undefined ? {} : { clipEps: loss.clip_eps as number }),
      });
    case 'adamoe_balance':
      return withCoef({
        type: 'adamoe_balance',
        ...(loss.average_null_loads === undefined
          ? {}
          : { averageNullLoads: loss.average_null_loads as boolean }),
      });
    case 'heterogeneous_balance':
      return withCoef({
        type: 'heterogeneous_balance',
        ...(loss.tau === undefined ? {} : { tau: loss.tau as number }),
      });
    case 'device_balance':
      return withCoef({
        type: 'device_balance',
        groups: loss.groups as number,
        targetFfnK: loss.target_ffn_k as number,
        k: router.k as number,
      });
    case 'sequence_balance':
      return withCoef({ type: 'sequence_balance', k: router.k as number });
    case 'uni_moe_balance':
      return withCoef({ type: 'uni_moe_balance', sharedExperts: router.shared_experts as number });
    case 'z_loss':
    case 'entropy':
    case 'diversity':
    case 'simplicity':
    case 'dynmoe_balance':
    case 'efficiency':
    case 'l_aux':
    case 'neg_log_prob':
      return withCoef({ type: loss.type });
    default:
      throw new UnsupportedError(`loss type ${String(loss.type)}`, 'not in @anyk/losses');
  }
}

const scoringOf = (spec: RouterSpecV1): LossScoring =>
  spec.logits.kind === 'cosine' ? 'cosine-sigmoid' : spec.scoring.kind;

const data = (tensor: FixtureTensor | undefined): readonly number[] | undefined => tensor?.data;

/**
 * Losses and controller state of a fixture, through `@anyk/losses` (pure functions; they do not depend on
 * the backend under test, so they are evaluated on the reference routing of the fixture's inputs).
 */
export async function evaluateLossesAndState(
  fixture: Fixture,
  router: AnyRouter | undefined,
  routeContext: { spec: RouterSpecV1; input: RouteInputV1 } | undefined,
  actuals: ConformanceActuals,
): Promise<void> {
  const inputs = fixture.inputs;
  const state = (actuals.state ??= {});
  const tokens = (inputs.logits?.shape[0] ?? inputs.x?.shape[0] ?? 0) as number;

  const expectedLosses = Object.keys(fixture.expect.losses ?? {});
  if (expectedLosses.length > 0) {
    const configs = fixture.router.losses as Readonly<Record<string, Config>>;
    const trace = routeContext ? routeReference(routeContext.spec, routeContext.input) : undefined;
    const total = routeContext ? (trace?.totalExperts ?? 0) : (inputs.logits?.shape[1] as number);
    const layerInputs: LayerLossInputs = {
      numTokens: tokens,
      numExperts: router?.numExperts ?? total,
      numCandidates: total,
      logits: trace ? trace.logits : (data(inputs.logits) as readonly number[]),
      scoring: routeContext ? scoringOf(routeContext.spec) : 'softmax',
      eps: routeContext?.spec.scoring.kind === 'relu-rmsnorm' ? routeContext.spec.scoring.eps : undefined,
      stdNormalise: routeContext?.spec.stdNormalise,
      selection: trace?.selected,
      tokenWeights: data(inputs.balance_weight),
      prevIndex: data(inputs.prev_index),
      sequenceMask: data(inputs.seq_mask),
      cosine:
        router?.family === 'dynmoe'
          ? {
              expertEmbeddings: data(inputs.W_g) as readonly number[],
              dim: inputs.x?.shape[1] as number,
              thresholds: data(inputs.theta) as readonly number[],
              mask: data(inputs.mask) as readonly number[],
              logitScale: router.config.logitScale,
              x: data(inputs.x),
            }
          : undefined,
      allocator:
        router?.family === 'ada-k' && inputs.alloc_logits && inputs.sampled_k
          ? {
              allocLogits: inputs.alloc_logits.data,
              kMax: router.config.kMax,
              sampledK: inputs.sampled_k.data,
              oldLogProb: data(inputs.old_log_prob),
              advantage: data(inputs.advantage),
            }
          : undefined,
    };
    const losses: NonNullable<ConformanceActuals['losses']> = {};
    for (const name of expectedLosses) {
      const result = computeLayerAuxLoss(layerInputs, [lossConfig(configs[name] as Config, fixture.router)]);
      const grad: Record<string, ArrayLike<number>> = { logits: result.gradLogits };
      if (result.gradX) grad.x = result.gradX;
      if (result.gradExpertEmbeddings) grad.W_g = result.gradExpertEmbeddings;
      if (result.gradThresholds) grad.theta = result.gradThresholds;
      if (result.gradAllocLogits) grad.alloc_logits = result.gradAllocLogits;
      if (trace && routeContext?.spec.gatingResidual && routeContext.input.prevLogits) {
        // Through the gating residual z = logits + prev M^T, with core's reference VJP.
        const chained = routeBackwardReference(trace, routeContext.input, { logits: result.gradLogits });
        if (chained.prevLogits) grad.prev_logits = chained.prevLogits;
        if (chained.gateMap) grad.gate_map = chained.gateMap;
      }
      losses[name] = { value: result.value, grad };
    }
    actuals.losses = losses;
  }

  const expectedState = fixture.expect.state ?? {};
  const routerConfig = fixture.router;
  if (routerConfig.lambda_update && 'lambda_next' in expectedState) {
    const update = routerConfig.lambda_update as { alpha: number; rule: 'code' | 'paper' };
    let sparsity = inputs.sparsity?.data[0] as number;
    if (inputs.layer_logits) {
      const [layers, layerTokens, experts] = inputs.layer_logits.shape as [number, number, number];
      sparsity = remoeMeanSparsity(inputs.layer_logits.data, layers, layerTokens, experts);
      state.mean_sparsity = [sparsity];
    }
    const next = remoeLambdaUpdate({ lambda: inputs.lambda?.data[0] as number }, sparsity, {
      numExperts: routerConfig.num_experts as number,
      targetK: routerConfig.target_k as number,
      alpha: update.alpha,
      rule: update.rule,
    });
    state.lambda_next = [next.lambda];
  }
  if (routerConfig.scheduler && 'coef' in expectedState) {
    const scheduler = routerConfig.scheduler as Record<string, number>;
    state.coef = runChunkScheduler(inputs.loss_history?.data ?? [], {
      start: scheduler.start as number,
      stableSteps: scheduler.stable_steps as number,
      interval: scheduler.interval as number,
      maxFactor: scheduler.max_factor as number,
      minFactor: scheduler.min_factor as number,
    }).coefs;
  }
  if (
    routerConfig.kind === 'deepseek-v3' &&
    routerConfig.bias_update &&
    'bias_next' in expectedState &&
    routeContext
  ) {
    const routing = routeReference(routeContext.spec, routeContext.input).result;
    const loads = expertLoads(routing, routeContext.spec.numExperts);
    state.loads = loads;
    const gamma = (routerConfig.bias_update as { gamma: number }).gamma;
    state.bias_next = signBiasStep(inputs.bias?.data ?? [], loads, gamma);
  }
  if (router?.family === 'longcat' && routerConfig.bias_update) {
    const update = routerConfig.bias_update as { target_ffn_k: number; kp: number; ki: number; kd: number };
    const config = {
      numExperts: router.numExperts,
      numZeroExperts: router.config.identityExperts,
      k: router.config.k,
      targetFfnK: update.target_ffn_k,
      kp: update.kp,
      ki: update.ki,
      kd: update.kd,
    };
    const initial = createBiasControllerState(inputs.bias?.data ?? [], config);
    if (inputs.loads_sequence) {
      const steps = inputs.loads_sequence.shape[0]!;
      const run = runBiasController(
        initial,
        inputs.loads_sequence.data,
        steps,
        inputs.num_tokens?.data[0] as number,
        config,
      );
      state.bias_sequence = run.biasSequence;
      state.integral_next = run.state.integral;
      state.prev_error_next = run.state.prevError;
    } else {
      let loads: ArrayLike<number>;
      let numTokens: number;
      if (inputs.loads) {
        loads = inputs.loads.data;
        numTokens = inputs.num_tokens?.data[0] as number;
      } else {
        if (!routeContext) throw new UnsupportedError('longcat bias step', 'needs loads or logits');
        loads = router.ffnLoads(routeReference(routeContext.spec, routeContext.input).result);
        numTokens = tokens;
        state.loads = loads;
      }
      const step = biasControllerStep(initial, loads, numTokens, config);
      state.error = step.error;
      state.bias_next = step.state.bias;
      state.integral_next = step.state.integral;
    }
  }
  if (router?.family === 'uni-moe-2' && 'k' in expectedState && inputs.logits)
    state.k = router.counts(inputs.logits.data, tokens);
  const skipped = (actuals.skipped ??= {});
  for (const name of Object.keys(expectedState)) {
    if (!state[name]) skipped[`state.${name}`] = 'no evaluator for this state entry';
  }
}
