import {
  type FloatArray,
  InvalidArgumentError,
  type KernelBackendV1,
  type MoeLayerV1,
  type RoutingResultV1,
  UnsupportedError,
} from '@anyk/core';
import {
  type LoadedCheckpoint,
  loadCheckpoint,
  loadCorpus,
  type ModelConfig,
  shippedCheckpointPath,
} from '@anyk/train';
import { type DemoFamily, familyLayer } from './demo-model.ts';
import type { DemoWorkload } from './run-demo.ts';
import { normalSampler, seededRandom } from './seeded-random.ts';

/** What one run of the trained checkpoint over a passage saw and did. */
export interface CheckpointCapture {
  readonly checkpointPath: string;
  readonly model: ModelConfig;
  /** `[tokens]` the input byte of each token (the passage without its last byte). */
  readonly inputs: Uint8Array;
  /** `[tokens]` next-byte cross-entropy of each token under the model, nats. */
  readonly tokenLosses: Float64Array;
  readonly meanLoss: number;
  /** Per MoE layer, its input x `[tokens, d]` (after the pre-norm), as the model computed it. */
  readonly moeInputs: readonly FloatArray[];
  /**
   * Per MoE layer, the trained layer (router rows, experts, the trained router's spec and parameters), its
   * spec sized for the whole passage: Expert-Choice's capacity is a share of the tokens routed together.
   */
  readonly layers: readonly MoeLayerV1[];
  /** Per MoE layer, the FFN experts the trained router gave each token inside the model's own forward. */
  readonly trainedExpertsPerToken: readonly Int32Array[];
}

/**
 * `tokens + 1` bytes from the start of the KJV validation split (its last 5%, never trained on), so the
 * demo shows held-out text: `tokens` input bytes and their next bytes.
 */
export function validationPassage(tokens: number): Uint8Array {
  const { validation } = loadCorpus();
  if (!(Number.isInteger(tokens) && tokens >= 1 && tokens < validation.length))
    throw new InvalidArgumentError(
      'tokens',
      `an integer in [1, ${validation.length - 1}] (the validation split's length - 1)`,
      tokens,
      'validationPassage',
    );
  return validation.subarray(0, tokens + 1);
}

function countFfnExperts(routing: RoutingResultV1, numExperts: number): Int32Array {
  const counts = new Int32Array(routing.tokens);
  for (let token = 0; token < routing.tokens; token++)
    for (let slot = 0; slot < routing.kCount[token]!; slot++)
      if (routing.slotExpert[token * routing.kMax + slot]! < numExperts) counts[token] = counts[token]! + 1;
  return counts;
}

/**
 * Runs the checkpoint's model over `passage` (input bytes and their next bytes) and keeps, per MoE layer,
 * the routed x and the trained layer. The model was trained on windows of `context` bytes with learned
 * positions, so the passage is cut into consecutive windows of that length (the last one shorter) and each
 * window starts a fresh context, as in the model's validation. `loaded` lets a caller pass the model it
 * already holds (its layer weights objects then identify its layers to a wrapping backend).
 */
export async function captureCheckpoint(
  backend: KernelBackendV1,
  passage: Uint8Array,
  checkpointPath: string = shippedCheckpointPath,
  loaded: LoadedCheckpoint = loadCheckpoint(checkpointPath),
): Promise<CheckpointCapture> {
  if (passage.length < 2)
    throw new InvalidArgumentError(
      'passage',
      'at least 2 bytes (one input and its next byte)',
      passage.length,
    );
  const { model, config } = loaded;
  const { d, context, layers: layerCount, numExperts } = model.config;
  // The families reuse the trained router rows `[E, d]`; DynMoE's cosine router is `[d, E]` columns.
  if (model.router.cosine)
    throw new UnsupportedError(
      `anyk demo with a ${config.model.router.family} checkpoint`,
      'the demo reuses linear router rows [E, d]; a cosine router has none',
    );
  const tokens = passage.length - 1;
  const fullWindows = Math.floor(tokens / context);
  const windows: { first: number; sequences: number; length: number }[] = [];
  if (fullWindows > 0) windows.push({ first: 0, sequences: fullWindows, length: context });
  if (tokens % context > 0)
    windows.push({ first: fullWindows * context, sequences: 1, length: tokens % context });
  const moeInputs = Array.from({ length: layerCount }, () => new Float32Array(tokens * d));
  const trainedExpertsPerToken = Array.from({ length: layerCount }, () => new Int32Array(tokens));
  const tokenLosses = new Float64Array(tokens);
  for (const window of windows) {
    const count = window.sequences * window.length;
    const inputs = Int32Array.from(passage.subarray(window.first, window.first + count));
    const targets = Int32Array.from(passage.subarray(window.first + 1, window.first + count + 1));
    const pass = await model.forward(
      backend,
      { sequences: window.sequences, length: window.length, inputs, targets },
      { retain: false, mode: 'infer' },
    );
    tokenLosses.set(pass.tokenLosses, window.first);
    for (let layer = 0; layer < layerCount; layer++) {
      (moeInputs[layer] as Float32Array).set(pass.moeInputs[layer] as FloatArray, window.first * d);
      (trainedExpertsPerToken[layer] as Int32Array).set(
        countFfnExperts(pass.routings[layer] as RoutingResultV1, numExperts),
        window.first,
      );
    }
  }
  let lossSum = 0;
  for (const loss of tokenLosses) lossSum += loss;
  return {
    checkpointPath,
    model: config.model,
    inputs: passage.slice(0, tokens),
    tokenLosses,
    meanLoss: lossSum / tokens,
    moeInputs,
    layers: Array.from({ length: layerCount }, (_, layer) => model.moeLayer(layer, 'infer', tokens)),
    trainedExpertsPerToken,
  };
}

/**
 * Families whose trained layer the demo runs as it is when the checkpoint was trained with that family:
 * their router needs nothing but the layer (rows, spec, parameters), so the demo's row for them is the
 * model's own routing. BlockFFN brings its trained RMSNorm gains, Expert-Choice its capacity factor, a share
 * of the passage's tokens routed together (batch capacity routing: a token's experts depend on the tokens
 * after it, the causal leakage the trainer documents; the model's forward routes its full context windows
 * together and a shorter last window apart, so past one window its routing and the demo's can differ).
 * Top-p keeps its trained p through `topP`. Other families derive parameters they were not trained with
 * (`familyLayer`), and Ada-K's k comes from its allocator, which the demo does not run.
 */
const trainedLayerFamilies: readonly DemoFamily[] = ['blockffn', 'expert-choice'];

/**
 * The real-text workload: every family routes each MoE layer's captured x with that layer's trained
 * experts (SwiGLU, or a BlockFFN checkpoint's SiLU MLP). Families whose router has the trained shape
 * (top-k, top-p, Ada-K, DeepSeek-V3, BlockFFN, expert choice) use the trained rows; the rest derive theirs
 * from them as `familyLayer` documents. The extra rows of zero-computation candidates (AdaMoE's null
 * experts, MoE++'s zero/copy/constant experts, LongCat's identity experts) are seeded normals with the
 * trained rows' RMS entry size, so their logits are of the same scale as a real expert's but carry no
 * learned preference. Top-p uses the checkpoint's trained p when the checkpoint is a top-p model (the
 * shipped one is), so its routing is the model's own; so do BlockFFN and Expert-Choice on a checkpoint of
 * their own family (`trainedLayerFamilies`).
 */
export function checkpointWorkload(capture: CheckpointCapture): DemoWorkload {
  const { d, f, numExperts } = capture.model;
  const tokens = capture.inputs.length;
  const trainedFamily = capture.model.router.family;
  const topP = capture.model.router.family === 'top-p' ? capture.model.router.p : 0.4;
  const stack = (family: DemoFamily) =>
    capture.layers.map((trained, layerIndex) => {
      const { wGate, wUp, wDown, router, expert } = trained.weights;
      const trainedRows = router as FloatArray;
      let squares = 0;
      for (let index = 0; index < numExperts * d; index++) squares += trainedRows[index]! ** 2;
      const rms = Math.sqrt(squares / (numExperts * d));
      const normal = normalSampler(seededRandom(7 + 1000 * layerIndex));
      const routerRows = (rows: number): Float32Array => {
        const out = new Float32Array(rows * d);
        for (let index = 0; index < rows * d; index++)
          out[index] = index < numExperts * d ? trainedRows[index]! : normal() * rms;
        return out;
      };
      const built = familyLayer(
        family,
        {
          d,
          f,
          experts: numExperts,
          tokens,
          expertWeights: {
            expert,
            wGate: wGate === undefined ? undefined : Float32Array.from(wGate),
            wUp: Float32Array.from(wUp),
            wDown: Float32Array.from(wDown),
          },
          routerRows,
          normal,
          topP,
        },
        layerIndex,
      );
      if (family !== trainedFamily || !trainedLayerFamilies.includes(family)) return built;
      return { ...built, layer: { ...built.layer, spec: trained.spec, params: trained.params } };
    });
  return { tokens, layers: capture.layers.length, inputs: { kind: 'captured', x: capture.moeInputs }, stack };
}
