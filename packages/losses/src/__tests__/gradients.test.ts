import { describe, expect, it } from 'vitest';
import { sigmoid } from '../chain/index.ts';
import {
  activationLocalityLoss,
  adamoeBalanceLoss,
  chunkSparsityLoss,
  columnNormaliseVjp,
  computeLayerAuxLoss,
  cosineLogitsVjp,
  cosineSigmoidRouting,
  deviceBalanceLoss,
  diversityLoss,
  dynmoeBalanceLoss,
  efficiencyLoss,
  entropyLoss,
  gatingResidual,
  gatingResidualVjp,
  heterogeneousBalanceLoss,
  l1BalancedLoss,
  l1PlainLoss,
  loadBalanceLoss,
  maskedSigmoidVjp,
  negLogProbLoss,
  ppoClipLoss,
  reluRmsnormRouting,
  reluRmsnormVjp,
  sequenceBalanceLoss,
  sigmoidElementwise,
  sigmoidVjp,
  simplicityLoss,
  softmaxRows,
  softmaxVjp,
  stdNormaliseRows,
  stdNormaliseVjp,
  thresholdVjp,
  zLoss,
} from '../index.ts';
import { dotWith, gradientMismatch, numericGradient, seededRandom, uniformArray } from './support/random.ts';
import { topKMask } from './support/selection.ts';

/**
 * Independent float64 central finite-difference checks (step 1e-6, relative tolerance 1e-5) of every loss
 * gradient and every chain helper, on seeded random inputs. Selections (and other non-differentiable
 * choices) are held fixed, as the losses define them.
 */
const seeds = [1, 2, 3, 4];

function expectGradient(
  analytic: ArrayLike<number>,
  fn: (point: Float64Array) => number,
  point: Float64Array,
): void {
  expect(gradientMismatch(analytic, numericGradient(fn, point))).toBeUndefined();
}

/** Random logits whose softmax has no near ties (so argmax-based fractions stay put under a 1e-6 step). */
function randomProblem(seed: number, tokens: number, columns: number) {
  const random = seededRandom(seed);
  const logits = uniformArray(random, tokens * columns, -3, 3);
  const probabilities = softmaxRows(logits, tokens, columns);
  const selection = topKMask(uniformArray(random, tokens * columns), tokens, columns, 2);
  return { random, logits, probabilities, selection };
}

describe('finite differences: balance losses (w.r.t. probabilities / scores)', () => {
  for (const seed of seeds) {
    it(`seed ${seed}`, () => {
      const tokens = 5;
      const columns = 6;
      const { probabilities, selection, random } = randomProblem(seed, tokens, columns);
      for (const variant of ['argmax-fraction', 'token-fraction', 'assignment-fraction'] as const) {
        const loss = (point: Float64Array) =>
          loadBalanceLoss(
            { probabilities: point, numTokens: tokens, numExperts: columns, selection },
            { variant, coef: 0.7 },
          );
        expectGradient(loss(probabilities).grad.probabilities, (point) => loss(point).value, probabilities);
      }
      for (const averageNullLoads of [true, false]) {
        const loss = (point: Float64Array) =>
          adamoeBalanceLoss(
            { probabilities: point, selection, numTokens: tokens, numExperts: 4, numCandidates: columns },
            { averageNullLoads, coef: 1.3 },
          );
        expectGradient(loss(probabilities).grad.probabilities, (point) => loss(point).value, probabilities);
      }
      const heterogeneous = (point: Float64Array) =>
        heterogeneousBalanceLoss(
          { probabilities: point, selection, numTokens: tokens, numExperts: 4, numCandidates: columns },
          { tau: 0.6, coef: 2 },
        );
      expectGradient(
        heterogeneous(probabilities).grad.probabilities,
        (point) => heterogeneous(point).value,
        probabilities,
      );
      const device = (point: Float64Array) =>
        deviceBalanceLoss(
          { probabilities: point, selection, numTokens: tokens, numExperts: 4, numCandidates: columns },
          { groups: 2, targetFfnK: 1, k: 2, coef: 1.1 },
        );
      expectGradient(device(probabilities).grad.probabilities, (point) => device(point).value, probabilities);
      const scores = uniformArray(random, tokens * columns, 0.05, 0.95);
      const sequence = (point: Float64Array) =>
        sequenceBalanceLoss(
          { scores: point, selection, numTokens: tokens, numExperts: columns },
          { k: 2, coef: 0.9 },
        );
      expectGradient(sequence(scores).grad.scores, (point) => sequence(point).value, scores);
    });
  }
});

describe('finite differences: logit losses', () => {
  for (const seed of seeds) {
    it(`seed ${seed}`, () => {
      const tokens = 4;
      const columns = 5;
      const { logits } = randomProblem(seed, tokens, columns);
      const shape = { numTokens: tokens, numExperts: columns };
      const z = (point: Float64Array) => zLoss({ logits: point, ...shape }, { coef: 0.3 });
      expectGradient(z(logits).grad.logits, (point) => z(point).value, logits);
      const entropy = (point: Float64Array) => entropyLoss({ logits: point, ...shape }, { coef: 1.7 });
      expectGradient(entropy(logits).grad.logits, (point) => entropy(point).value, logits);
      const awayFromKink = logits.map((value) => (Math.abs(value) < 0.05 ? value + 0.1 : value));
      const balanced = (point: Float64Array) =>
        l1BalancedLoss({ logits: point, ...shape }, { lambda: 0.4, targetK: 2 });
      expectGradient(balanced(awayFromKink).grad.logits, (point) => balanced(point).value, awayFromKink);
      const plain = (point: Float64Array) => l1PlainLoss({ logits: point, ...shape }, { lambda: 0.4 });
      expectGradient(plain(awayFromKink).grad.logits, (point) => plain(point).value, awayFromKink);
    });
  }
});

describe('finite differences: DynMoE losses', () => {
  for (const seed of seeds) {
    it(`seed ${seed}`, () => {
      const random = seededRandom(seed);
      const dim = 4;
      const experts = 5;
      const tokens = 6;
      const embeddings = uniformArray(random, dim * experts);
      const mask = Float64Array.from([1, 1, 0, 1, 1]);
      const diversity = (point: Float64Array) =>
        diversityLoss({ expertEmbeddings: point, dim, numExperts: experts, mask }, { coef: 1.5 });
      expectGradient(
        diversity(embeddings).grad.expertEmbeddings,
        (point) => diversity(point).value,
        embeddings,
      );
      const simplicity = (point: Float64Array) =>
        simplicityLoss({ expertEmbeddings: point, dim, numExperts: experts }, { coef: 0.5 });
      expectGradient(
        simplicity(embeddings).grad.expertEmbeddings,
        (point) => simplicity(point).value,
        embeddings,
      );
      // The gate is 0/1 in the forward pass; the balance formula is smooth in the "on" entries (coverage and
      // the set of covered tokens stay fixed when an entry moves around 1), which is where the STE uses it.
      const gate = Float64Array.from({ length: tokens * experts }, () => (random() < 0.45 ? 1 : 0));
      gate.fill(0, 0, experts); // one token with nothing selected
      const onEntries = [...gate.keys()].filter((index) => gate[index] === 1);
      for (const loss of [dynmoeBalanceLoss, efficiencyLoss]) {
        const analytic = loss({ gate, numTokens: tokens, numExperts: experts }, { coef: 1.2 }).grad.gate;
        const numeric = numericGradient((onValues) => {
          const point = Float64Array.from(gate);
          onEntries.forEach((index, position) => {
            point[index] = onValues[position]!;
          });
          return loss({ gate: point, numTokens: tokens, numExperts: experts }, { coef: 1.2 }).value;
        }, new Float64Array(onEntries.length).fill(1));
        expect(
          gradientMismatch(
            onEntries.map((index) => analytic[index]!),
            numeric,
          ),
        ).toBeUndefined();
      }
    });
  }
});

describe('finite differences: BlockFFN losses', () => {
  for (const seed of seeds) {
    it(`seed ${seed}`, () => {
      const random = seededRandom(seed);
      const tokens = 6;
      const experts = 4;
      const logits = uniformArray(random, tokens * experts, -0.05, 0.05);
      const prevIndex = [-1, 0, 1, -1, 3, 4];
      const locality = (point: Float64Array) =>
        activationLocalityLoss(
          { logits: point, numTokens: tokens, numExperts: experts, prevIndex },
          { sharpness: 20, coef: 0.8 },
        );
      expectGradient(locality(logits).grad.logits, (point) => locality(point).value, logits);
      // Detached target: with pairs (0 -> 1), (2 -> 3) every token is only a source or only a target, so the
      // gradient must equal the full one on source rows and vanish on target rows.
      const pairs = [-1, 0, -1, 2, -1, -1];
      const full = activationLocalityLoss(
        { logits, numTokens: tokens, numExperts: experts, prevIndex: pairs },
        { sharpness: 20 },
      );
      const detached = activationLocalityLoss(
        { logits, numTokens: tokens, numExperts: experts, prevIndex: pairs },
        { sharpness: 20, detachTarget: true },
      );
      expect(detached.value).toBe(full.value);
      for (let index = 0; index < tokens * experts; index++) {
        const token = Math.floor(index / experts);
        const expected = token === 1 || token === 3 ? 0 : full.grad.logits[index]!;
        expect(detached.grad.logits[index]).toBe(expected);
      }
      const distribution = uniformArray(random, tokens * experts, 0, 0.9);
      const sequenceMask = [1, 1, 1, 1, 1, 0];
      const chunk = (point: Float64Array) =>
        chunkSparsityLoss(
          { distribution: point, numTokens: tokens, numExperts: experts, sequenceMask },
          { chunkSize: 3, coef: 0.5 },
        );
      expectGradient(chunk(distribution).grad.distribution, (point) => chunk(point).value, distribution);
    });
  }
});

describe('finite differences: Ada-K losses', () => {
  for (const seed of seeds) {
    it(`seed ${seed}`, () => {
      const random = seededRandom(seed);
      const tokens = 6;
      const kMax = 4;
      const allocLogits = uniformArray(random, tokens * kMax, -2, 2);
      const sampledK = Array.from({ length: tokens }, () => 1 + Math.floor(random() * kMax));
      const advantage = uniformArray(random, tokens, -1, 1);
      const logProbabilities = softmaxRows(allocLogits, tokens, kMax).map(Math.log);
      // Old log-probs around the current ones: some ratios land inside the clip range, some outside.
      const oldLogProb = Float64Array.from(
        { length: tokens },
        (_, token) => logProbabilities[token * kMax + sampledK[token]! - 1]! + (random() - 0.5),
      );
      const base = { numTokens: tokens, kMax, sampledK };
      const negLogProb = (point: Float64Array) =>
        negLogProbLoss({ ...base, allocLogits: point }, { coef: 0.6 });
      expectGradient(
        negLogProb(allocLogits).grad.allocLogits,
        (point) => negLogProb(point).value,
        allocLogits,
      );
      const ppo = (point: Float64Array) =>
        ppoClipLoss({ ...base, allocLogits: point, oldLogProb, advantage }, { clipEps: 0.2, coef: 1.4 });
      expectGradient(ppo(allocLogits).grad.allocLogits, (point) => ppo(point).value, allocLogits);
    });
  }
});

describe('finite differences: chain helpers (VJPs)', () => {
  for (const seed of seeds) {
    it(`seed ${seed}`, () => {
      const random = seededRandom(seed);
      const rows = 3;
      const columns = 5;
      const logits = uniformArray(random, rows * columns, -3, 3);
      const weights = uniformArray(random, rows * columns);
      expectGradient(
        softmaxVjp(softmaxRows(logits, rows, columns), weights, rows, columns),
        (point) => dotWith(weights, softmaxRows(point, rows, columns)),
        logits,
      );
      expectGradient(
        stdNormaliseVjp(logits, weights, rows, columns, 1.3),
        (point) => dotWith(weights, stdNormaliseRows(point, rows, columns, 1.3)),
        logits,
      );
      expectGradient(
        sigmoidVjp(sigmoidElementwise(logits), weights),
        (point) => dotWith(weights, sigmoidElementwise(point)),
        logits,
      );
      const prev = uniformArray(random, rows * columns);
      const map = uniformArray(random, columns * columns);
      const residual = gatingResidualVjp(weights, prev, map, rows, columns);
      expectGradient(
        residual.logits,
        (point) => dotWith(weights, gatingResidual(point, prev, map, rows, columns)),
        logits,
      );
      expectGradient(
        residual.prevLogits,
        (point) => dotWith(weights, gatingResidual(logits, point, map, rows, columns)),
        prev,
      );
      expectGradient(
        residual.gateMap,
        (point) => dotWith(weights, gatingResidual(logits, prev, point, rows, columns)),
        map,
      );
      // ReLU + RMSNorm (+ q): logits kept away from the ReLU kink; one row entirely negative.
      const relu = logits.map((value) => (Math.abs(value) < 0.1 ? value + 0.3 : value));
      relu.fill(-1, 0, columns);
      const weightsR = uniformArray(random, rows * columns);
      expectGradient(
        reluRmsnormVjp(relu, rows, columns, 1e-5, weights, weightsR),
        (point) => {
          const routing = reluRmsnormRouting(point, rows, columns, 1e-5);
          return dotWith(weights, routing.distribution) + dotWith(weightsR, routing.normalised);
        },
        relu,
      );
      // DynMoE cosine-sigmoid: x and W_g through the cosine, theta through the threshold sigmoid.
      const dim = 4;
      const x = uniformArray(random, rows * dim);
      const embeddings = uniformArray(random, dim * columns);
      const thresholds = uniformArray(random, columns);
      const mask = Float64Array.from([1, 0, 1, 1, 1]);
      const routingOf = (xValue: Float64Array, embeddingValue: Float64Array, thetaValue: Float64Array) =>
        cosineSigmoidRouting({
          x: xValue,
          numTokens: rows,
          dim,
          expertEmbeddings: embeddingValue,
          numExperts: columns,
          thresholds: thetaValue,
          mask,
          logitScale: 2.5,
        });
      const base = routingOf(x, embeddings, thresholds);
      const cosine = cosineLogitsVjp(
        { x, numTokens: rows, dim, expertEmbeddings: embeddings, numExperts: columns, logitScale: 2.5 },
        weights,
      );
      expectGradient(
        cosine.x,
        (point) => dotWith(weights, routingOf(point, embeddings, thresholds).logits),
        x,
      );
      expectGradient(
        cosine.expertEmbeddings,
        (point) => dotWith(weights, routingOf(x, point, thresholds).logits),
        embeddings,
      );
      expectGradient(
        maskedSigmoidVjp(base.logits, mask, weights, rows, columns),
        (point) =>
          dotWith(
            weights,
            Float64Array.from(point, (value, index) => sigmoid(value) * mask[index % columns]!),
          ),
        Float64Array.from(base.logits),
      );
      const thresholdWeights = uniformArray(random, columns);
      expectGradient(
        thresholdVjp(thresholds, 2.5, thresholdWeights),
        (point) => dotWith(thresholdWeights, routingOf(x, embeddings, point).thresholdValues),
        thresholds,
      );
      const columnWeights = uniformArray(random, dim * columns);
      expectGradient(
        columnNormaliseVjp(embeddings, columnWeights, dim, columns),
        (point) => {
          const normalised = Float64Array.from(point);
          for (let column = 0; column < columns; column++) {
            let squares = 0;
            for (let k = 0; k < dim; k++) squares += point[k * columns + column]! ** 2;
            for (let k = 0; k < dim; k++)
              normalised[k * columns + column] = point[k * columns + column]! / Math.sqrt(squares);
          }
          return dotWith(columnWeights, normalised);
        },
        embeddings,
      );
    });
  }
});

describe('finite differences: composed layer gradients at the logits', () => {
  for (const seed of seeds) {
    it(`seed ${seed}`, () => {
      const tokens = 6;
      const columns = 6;
      const { logits, selection, random } = randomProblem(seed, tokens, columns);
      const softmaxLayer = (point: Float64Array) =>
        computeLayerAuxLoss(
          { numTokens: tokens, numExperts: columns, logits: point, scoring: 'softmax', selection },
          [
            { type: 'load_balance', variant: 'token-fraction', coef: 0.5 },
            { type: 'z_loss', coef: 0.2 },
            { type: 'entropy', coef: 0.3 },
            { type: 'sequence_balance', k: 2, coef: 0.4 },
          ],
        );
      expectGradient(softmaxLayer(logits).gradLogits, (point) => softmaxLayer(point).value, logits);
      const moePlusPlus = (point: Float64Array) =>
        computeLayerAuxLoss(
          {
            numTokens: tokens,
            numExperts: 4,
            numCandidates: columns,
            logits: point,
            scoring: 'softmax',
            stdNormalise: { normStd: 1 },
            selection,
          },
          [
            { type: 'heterogeneous_balance', tau: 0.75 },
            { type: 'adamoe_balance' },
            { type: 'device_balance', groups: 2, targetFfnK: 1, k: 2 },
            { type: 'entropy' },
          ],
        );
      expectGradient(moePlusPlus(logits).gradLogits, (point) => moePlusPlus(point).value, logits);
      const sigmoidLayer = (point: Float64Array) =>
        computeLayerAuxLoss(
          { numTokens: tokens, numExperts: columns, logits: point, scoring: 'sigmoid', selection },
          [{ type: 'sequence_balance', k: 2 }, { type: 'z_loss' }],
        );
      expectGradient(sigmoidLayer(logits).gradLogits, (point) => sigmoidLayer(point).value, logits);
      const relu = uniformArray(random, tokens * columns, -0.05, 0.05).map((value) =>
        Math.abs(value) < 0.005 ? 0.01 : value,
      );
      const blockffn = (point: Float64Array) =>
        computeLayerAuxLoss(
          {
            numTokens: tokens,
            numExperts: columns,
            logits: point,
            scoring: 'relu-rmsnorm',
            prevIndex: [-1, 0, 1, -1, 3, 4],
            sequenceMask: [1, 1, 1, 1, 1, 0],
          },
          [
            { type: 'activation_locality', sharpness: 10, coef: 0.3 },
            { type: 'chunk_sparsity', chunkSize: 3, coef: 0.7 },
          ],
        );
      expectGradient(blockffn(relu).gradLogits, (point) => blockffn(point).value, relu);
    });
  }
});
