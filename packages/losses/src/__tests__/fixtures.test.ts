import { uniMoeCount, uniMoePicks } from '@anyk/core/internal';
import { pendingFixtureReason } from '@anyk/core/testing';
import { describe, expect, it } from 'vitest';
import {
  type AuxLossConfig,
  allocatorLogProb,
  biasControllerStep,
  computeLayerAuxLoss,
  cosineSigmoidRouting,
  createBiasControllerState,
  gatingResidual,
  gatingResidualVjp,
  type LayerAuxLossResult,
  type LayerLossInputs,
  remoeLambdaUpdate,
  remoeMeanSparsity,
  runBiasController,
  runChunkScheduler,
  sigmoidElementwise,
  signBiasStep,
  softmaxRows,
  stdNormaliseRows,
} from '../index.ts';
import { selectionCounts } from '../load-balance/index.ts';
import { type FixtureFile, loadFixtureFiles, toleranceViolation } from './support/fixtures.ts';
import { groupLimitedTopKMask, topKMask, topPMask } from './support/selection.ts';

type Computed = {
  losses: Record<string, { value: number; grad: Record<string, ArrayLike<number>> }>;
  state: Record<string, ArrayLike<number>>;
};

/**
 * State entries that are routing results, not controller outputs: they belong to @anyk/routers and are
 * deliberately not recomputed here (listed so the test fails if a new, unaccounted entry appears).
 */
const ROUTING_STATE: Record<string, readonly string[]> = {
  dynmoe: ['routing_records', 'uncovered_sum', 'mask_next', 'W_g_next', 'theta_next'],
  'ada-k': ['k'],
  'uni-moe-2': ['k'],
};

const fixtures = loadFixtureFiles().filter((fixture) => fixture.expect.losses || fixture.expect.state);

describe('fixtures with losses or state', () => {
  it('finds the public fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(60);
  });

  for (const fixture of fixtures) {
    // Listed in core's PENDING_FIXTURES for this lane: a skip with the listed reason, never silent.
    const pending = pendingFixtureReason(fixture.id, 'losses');
    if (pending !== undefined) {
      it.skip(`${fixture.id} (pending: ${pending})`, () => {});
      continue;
    }
    describe(fixture.id, () => {
      const computed = compute(fixture);
      for (const [name, expected] of Object.entries(fixture.expect.losses ?? {})) {
        it(`loss ${name}`, () => {
          const actual = computed.losses[name];
          expect(actual, `loss ${name} computed`).toBeDefined();
          if (!actual) return;
          expect(toleranceViolation([actual.value], [expected.value], fixture.tolerance)).toBeUndefined();
          for (const [input, tensor] of Object.entries(expected.grad)) {
            const grad = actual.grad[input];
            expect(grad, `gradient w.r.t. ${input}`).toBeDefined();
            if (grad)
              expect(
                toleranceViolation(grad, tensor.data, fixture.tolerance),
                `d${name}/d${input}`,
              ).toBeUndefined();
          }
        });
      }
      for (const [name, expected] of Object.entries(fixture.expect.state ?? {})) {
        const leftToRouters = ROUTING_STATE[fixture.family]?.includes(name) ?? false;
        const title = leftToRouters
          ? `state ${name} (skipped: router state, checked by the bench conformance lane)`
          : `state ${name}`;
        it.skipIf(leftToRouters)(title, () => {
          const actual = computed.state[name];
          expect(actual, `state ${name} computed`).toBeDefined();
          if (actual)
            expect(toleranceViolation(actual, expected.data, fixture.tolerance), name).toBeUndefined();
        });
      }
    });
  }
});

function compute(fixture: FixtureFile): Computed {
  const router = fixture.router;
  const inputs = fixture.inputs;
  const data = (name: string): number[] => {
    const tensor = inputs[name];
    if (!tensor) throw new Error(`${fixture.id}: missing input ${name}`);
    return tensor.data;
  };
  const configs = Object.entries(router.losses ?? {});
  const losses: Computed['losses'] = {};
  const state: Computed['state'] = {};
  const numExperts = router.num_experts as number;
  const zeroComputation = (router.zero_computation as string[] | undefined) ?? [];
  const numCandidates = numExperts + zeroComputation.length;
  const logitsTensor = inputs.logits;
  const numTokens = logitsTensor?.shape[0] ?? inputs.x?.shape[0] ?? 0;
  const run = (
    layer: LayerLossInputs,
    convert: (options: Record<string, unknown>) => AuxLossConfig,
    extraGrad?: (result: LayerAuxLossResult) => Record<string, ArrayLike<number>>,
  ) => {
    for (const [name, options] of configs) {
      const result = computeLayerAuxLoss(layer, [convert(options)]);
      losses[name] = {
        value: result.value,
        grad: extraGrad ? extraGrad(result) : { logits: result.gradLogits },
      };
    }
  };
  switch (fixture.family) {
    case 'top-k':
    case 'top-p':
    case 'z-loss': {
      const columns = logitsTensor?.shape[1] ?? 0;
      const probabilities = softmaxRows(data('logits'), numTokens, columns);
      const selection =
        fixture.family === 'top-k'
          ? topKMask(probabilities, numTokens, columns, router.k as number)
          : fixture.family === 'top-p'
            ? topPMask(
                probabilities,
                numTokens,
                columns,
                router.p as number,
                router.max_k as number | undefined,
              )
            : undefined;
      run(
        { numTokens, numExperts: columns, logits: data('logits'), scoring: 'softmax', selection },
        (options) => {
          if (options.type === 'load_balance') {
            return {
              type: 'load_balance',
              variant: options.variant as never,
              coef: (options.coef as number) ?? 1,
            };
          }
          return { type: options.type as 'z_loss' | 'entropy', coef: (options.coef as number) ?? 1 };
        },
      );
      break;
    }
    case 'remoe': {
      if (inputs.logits) {
        run({ numTokens, numExperts, logits: data('logits'), scoring: 'relu' }, (options) =>
          options.type === 'l1_balanced'
            ? { type: 'l1_balanced', lambda: options.lambda as number, targetK: router.target_k as number }
            : { type: 'l1_plain', lambda: options.lambda as number },
        );
      }
      const update = router.lambda_update as { alpha: number; rule: 'code' | 'paper' } | undefined;
      if (update) {
        let sparsity: number;
        if (inputs.layer_logits) {
          const [layers, tokens, experts] = inputs.layer_logits.shape as [number, number, number];
          sparsity = remoeMeanSparsity(data('layer_logits'), layers, tokens, experts);
          state.mean_sparsity = [sparsity];
        } else {
          sparsity = data('sparsity')[0] as number;
        }
        const next = remoeLambdaUpdate({ lambda: data('lambda')[0] as number }, sparsity, {
          numExperts,
          targetK: router.target_k as number,
          alpha: update.alpha,
          rule: update.rule,
        });
        state.lambda_next = [next.lambda];
      }
      break;
    }
    case 'blockffn': {
      if (inputs.logits) {
        run(
          {
            numTokens,
            numExperts,
            logits: data('logits'),
            scoring: 'relu-rmsnorm',
            eps: router.eps as number,
            prevIndex: inputs.prev_index?.data,
            sequenceMask: inputs.seq_mask?.data,
          },
          (options) =>
            options.type === 'activation_locality'
              ? {
                  type: 'activation_locality',
                  sharpness: options.sharpness as number,
                  detachTarget: (options.detach_target as boolean) ?? false,
                  coef: (options.coef as number) ?? 1,
                }
              : {
                  type: 'chunk_sparsity',
                  chunkSize: options.chunk_size as number,
                  coef: (options.coef as number) ?? 1,
                },
          (result) => ({ logits: result.gradLogits, gamma: new Float64Array(numExperts) }),
        );
      }
      const scheduler = router.scheduler as Record<string, number> | undefined;
      if (scheduler) {
        const { coefs } = runChunkScheduler(data('loss_history'), {
          start: scheduler.start as number,
          stableSteps: scheduler.stable_steps as number,
          interval: scheduler.interval as number,
          maxFactor: scheduler.max_factor as number,
          minFactor: scheduler.min_factor as number,
        });
        state.coef = coefs;
      }
      break;
    }
    case 'dynmoe': {
      if (!router.losses) break;
      const [tokens, dim] = (inputs.x?.shape ?? [0, 0]) as [number, number];
      const routing = cosineSigmoidRouting({
        x: data('x'),
        numTokens: tokens,
        dim,
        expertEmbeddings: data('W_g'),
        numExperts,
        thresholds: data('theta'),
        mask: data('mask'),
        logitScale: router.logit_scale as number,
      });
      run(
        {
          numTokens: tokens,
          numExperts,
          logits: routing.logits,
          scoring: 'cosine-sigmoid',
          cosine: {
            expertEmbeddings: data('W_g'),
            dim,
            thresholds: data('theta'),
            mask: data('mask'),
            logitScale: router.logit_scale as number,
            x: data('x'),
          },
        },
        (options) => ({ type: options.type as 'diversity', coef: (options.coef as number) ?? 1 }),
        (result) => ({
          x: result.gradX ?? [],
          W_g: result.gradExpertEmbeddings ?? [],
          theta: result.gradThresholds ?? [],
        }),
      );
      break;
    }
    case 'ada-k': {
      if (router.mode !== 'train') break;
      const kMax = router.k_max as number;
      const allocator = {
        allocLogits: data('alloc_logits'),
        kMax,
        sampledK: data('sampled_k'),
        oldLogProb: data('old_log_prob'),
        advantage: data('advantage'),
      };
      state.log_prob = allocatorLogProb({ ...allocator, numTokens });
      run(
        { numTokens, numExperts, logits: data('logits'), scoring: 'softmax', allocator },
        (options) =>
          options.type === 'ppo_clip'
            ? { type: 'ppo_clip', clipEps: options.clip_eps as number, coef: (options.coef as number) ?? 1 }
            : { type: 'neg_log_prob', coef: (options.coef as number) ?? 1 },
        (result) => ({ alloc_logits: result.gradAllocLogits ?? [] }),
      );
      break;
    }
    case 'adamoe': {
      const probabilities = softmaxRows(data('logits'), numTokens, numCandidates);
      const selection = topKMask(probabilities, numTokens, numCandidates, router.k as number);
      run(
        { numTokens, numExperts, numCandidates, logits: data('logits'), scoring: 'softmax', selection },
        (options) => ({
          type: 'adamoe_balance',
          averageNullLoads: options.average_null_loads as boolean,
          coef: (options.coef as number) ?? 1,
        }),
      );
      break;
    }
    case 'moe-plus-plus': {
      let rawLogits: number[] | Float64Array;
      if (inputs.logits) {
        rawLogits = data('logits');
      } else {
        const [tokens, dim] = (inputs.x?.shape ?? [0, 0]) as [number, number];
        rawLogits = matmulTransposed(data('x'), data('W_router'), tokens, dim, numCandidates);
      }
      const tokens = rawLogits.length / numCandidates;
      const hasResidual = inputs.prev_logits !== undefined;
      const residual = hasResidual
        ? gatingResidual(rawLogits, data('prev_logits'), data('gate_map'), tokens, numCandidates)
        : Float64Array.from(rawLogits);
      state.gate_residual = residual;
      if (!router.losses) break;
      const normalised = router.logits_norm
        ? stdNormaliseRows(residual, tokens, numCandidates, router.norm_std as number)
        : residual;
      const probabilities = softmaxRows(normalised, tokens, numCandidates);
      const selection = topKMask(probabilities, tokens, numCandidates, router.k as number);
      run(
        {
          numTokens: tokens,
          numExperts,
          numCandidates,
          logits: residual,
          scoring: 'softmax',
          stdNormalise: router.logits_norm ? { normStd: router.norm_std as number } : undefined,
          selection,
        },
        (options) => ({
          type: 'heterogeneous_balance',
          tau: options.tau as number,
          coef: (options.coef as number) ?? 1,
        }),
        (result) => {
          if (!hasResidual) return { logits: result.gradLogits };
          const grads = gatingResidualVjp(
            result.gradLogits,
            data('prev_logits'),
            data('gate_map'),
            tokens,
            numCandidates,
          );
          return { logits: grads.logits, prev_logits: grads.prevLogits, gate_map: grads.gateMap };
        },
      );
      break;
    }
    case 'longcat': {
      const k = router.k as number;
      let selection: Float64Array | undefined;
      if (inputs.logits) {
        const probabilities = softmaxRows(data('logits'), numTokens, numCandidates);
        selection = topKMask(probabilities, numTokens, numCandidates, k, data('bias'));
        run(
          { numTokens, numExperts, numCandidates, logits: data('logits'), scoring: 'softmax', selection },
          (options) => ({
            type: 'device_balance',
            groups: options.groups as number,
            targetFfnK: options.target_ffn_k as number,
            k,
            coef: (options.coef as number) ?? 1,
          }),
        );
      }
      const update = router.bias_update as
        | { target_ffn_k: number; kp: number; ki: number; kd: number }
        | undefined;
      if (update) {
        const config = {
          numExperts,
          numZeroExperts: zeroComputation.length,
          k,
          targetFfnK: update.target_ffn_k,
          kp: update.kp,
          ki: update.ki,
          kd: update.kd,
        };
        const initial = createBiasControllerState(data('bias'), config);
        if (inputs.loads_sequence) {
          const steps = inputs.loads_sequence.shape[0]!;
          const result = runBiasController(
            initial,
            data('loads_sequence'),
            steps,
            data('num_tokens')[0] as number,
            config,
          );
          state.bias_sequence = result.biasSequence;
          state.integral_next = result.state.integral;
          state.prev_error_next = result.state.prevError;
        } else {
          let loads: ArrayLike<number>;
          let tokens: number;
          if (inputs.loads) {
            loads = data('loads');
            tokens = data('num_tokens')[0] as number;
          } else {
            loads = selectionCounts(selection as Float64Array, numTokens, numCandidates).subarray(
              0,
              numExperts,
            );
            tokens = numTokens;
            state.loads = loads;
          }
          const step = biasControllerStep(initial, loads, tokens, config);
          state.error = step.error;
          state.bias_next = step.state.bias;
          state.integral_next = step.state.integral;
          state.prev_error_next = step.state.prevError;
        }
      }
      break;
    }
    case 'deepseek-v3': {
      const scores =
        router.score_func === 'softmax'
          ? softmaxRows(data('logits'), numTokens, numExperts)
          : sigmoidElementwise(data('logits'));
      const selection = groupLimitedTopKMask(
        scores,
        data('bias'),
        numTokens,
        numExperts,
        router.k as number,
        router.n_groups as number,
        router.topk_groups as number,
        router.group_score as 'top2-sum' | 'max',
      );
      run(
        {
          numTokens,
          numExperts,
          logits: data('logits'),
          scoring: router.score_func === 'softmax' ? 'softmax' : 'sigmoid',
          selection,
        },
        (options) => ({
          type: 'sequence_balance',
          k: router.k as number,
          coef: (options.coef as number) ?? 1,
        }),
      );
      const update = router.bias_update as { gamma: number } | undefined;
      if (update) {
        const loads = selectionCounts(selection, numTokens, numExperts);
        state.loads = loads;
        state.bias_next = signBiasStep(data('bias'), loads, update.gamma);
      }
      break;
    }
    case 'uni-moe-2': {
      // Picks (before capacity) from core's count and sequential-pick helpers; the loss needs nothing else.
      const dynamic = numExperts + (router.null_experts as number);
      const columns = dynamic + (router.shared_experts as number);
      const logits = data('logits');
      const selection = new Float64Array(numTokens * columns);
      for (let t = 0; t < numTokens; t++) {
        const probabilities = softmaxRows(logits.slice(t * columns, t * columns + dynamic), 1, dynamic);
        const count = uniMoeCount(probabilities, 0, dynamic, router.p as number, (router.k as number) ?? 2);
        for (const pick of uniMoePicks(logits, t * columns, dynamic, count, router.window_eps as number))
          selection[t * columns + pick.column] = 1;
      }
      run(
        {
          numTokens,
          numExperts,
          numCandidates: columns,
          logits,
          scoring: 'softmax',
          selection,
          tokenWeights: inputs.balance_weight ? data('balance_weight') : undefined,
        },
        (options) => ({
          type: 'uni_moe_balance',
          sharedExperts: router.shared_experts as number,
          coef: (options.coef as number) ?? 1,
        }),
      );
      break;
    }
    default:
      throw new Error(`${fixture.id}: family ${fixture.family} has losses/state this test does not know`);
  }
  return { losses, state };
}

function matmulTransposed(
  x: ArrayLike<number>,
  weights: ArrayLike<number>,
  rows: number,
  dim: number,
  columns: number,
): Float64Array {
  const result = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      let total = 0;
      for (let k = 0; k < dim; k++) total += x[row * dim + k]! * weights[column * dim + k]!;
      result[row * columns + column] = total;
    }
  }
  return result;
}
