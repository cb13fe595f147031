import type {
  FloatArray,
  KernelBackendV1,
  MoeLayerV1,
  MoeLayerWeightsV1,
  RouterParamsV1,
  RoutingResultV1,
} from '@anyk/core';
import { InvalidArgumentError } from '@anyk/core';
import { crossEntropy } from '../math/cross-entropy.ts';
import { type DenseProduct, denseProductFor } from '../math/dense-product.ts';
import { rmsNormBackward, rmsNormForward } from '../math/rms-norm.ts';
import type { SeededRandom } from '../random/seeded-random.ts';
import { createLayerRouter, type LayerRouter } from '../routing/layer-router.ts';
import { type ExpertAllocation, greedyAllocation } from './expert-allocation.ts';
import { type ModelConfig, validateModelConfig } from './model-config.ts';
import { allocate, TensorStore } from './parameter-store.ts';
import {
  type BlockCache,
  type BlockContext,
  transformerBlockBackward,
  transformerBlockForward,
} from './transformer-block.ts';

/** A batch of `sequences` windows of `length` bytes: inputs and next-byte targets, `[sequences * length]`. */
export interface TokenBatch {
  readonly sequences: number;
  readonly length: number;
  readonly inputs: Int32Array;
  readonly targets: Int32Array;
}

/** What a forward returns: the mean loss, each token's loss, and each layer's routing. */
export interface ForwardPass {
  readonly batch: TokenBatch;
  /** Mean next-byte cross-entropy (nats). */
  readonly loss: number;
  /** `[tokens]` per-token cross-entropy. */
  readonly tokenLosses: Float64Array;
  /** Per layer, the routing decision of every token. */
  readonly routings: readonly RoutingResultV1[];
  /** Per layer, the MoE input (the routed x). */
  readonly moeInputs: readonly FloatArray[];
  readonly blocks: readonly BlockCache[];
  readonly finalInput: FloatArray;
  readonly finalNormed: FloatArray;
  readonly finalInverseRms: Float64Array;
  readonly logits: FloatArray;
}

/**
 * The byte-level MoE language model. Dense parts (embeddings, RMSNorm, attention, LM head) have hand-written
 * forward and backward passes; every MoE layer runs on the injected `KernelBackendV1` (the fast node backend
 * for training, the float64 reference for gradient checks), so the same model exercises the production
 * kernels. The dense matrix products go to the node backend's WebAssembly kernels too when the model is
 * float32 (`denseProductFor`), and stay in plain JS otherwise.
 */
export class MoeLanguageModel {
  readonly config: ModelConfig;
  readonly router: LayerRouter;
  /** Trainable tensors, in a fixed order. */
  readonly parameters: TensorStore;
  /** Non-gradient router state (DynMoE masks, DeepSeek selection biases). */
  readonly state: TensorStore;
  private readonly layerWeights: MoeLayerWeightsV1[] = [];

  constructor(config: ModelConfig, parameters: TensorStore, state: TensorStore) {
    validateModelConfig(config);
    this.config = config;
    this.router = createLayerRouter(config.router, config.numExperts);
    this.parameters = parameters;
    this.state = state;
    for (const [name, shape] of MoeLanguageModel.parameterShapes(config, this.router)) {
      const data = parameters.get(name);
      if (data.length !== shape.reduce((a, b) => a * b, 1))
        throw new InvalidArgumentError(name, `a tensor of shape [${shape}]`, data.length);
    }
    for (let layer = 0; layer < config.layers; layer++) {
      const prefix = `layers.${layer}.`;
      const constants =
        this.router.constantExperts > 0
          ? { wc: parameters.get(`${prefix}constantMix`), v: parameters.get(`${prefix}constantVector`) }
          : undefined;
      const swiglu = config.expert === 'swiglu';
      const shared =
        this.router.sharedExperts > 0
          ? {
              count: this.router.sharedExperts,
              f: config.f,
              gate: 'softmax-mixed' as const,
              wGate: swiglu ? parameters.get(`${prefix}sharedGate`) : undefined,
              wUp: parameters.get(`${prefix}sharedUp`),
              wDown: parameters.get(`${prefix}sharedDown`),
            }
          : undefined;
      this.layerWeights.push({
        d: config.d,
        f: config.f,
        expert: swiglu ? { kind: 'swiglu' } : { kind: 'mlp', activation: config.expert as 'gelu' | 'silu' },
        router: parameters.get(`${prefix}router`),
        wGate: swiglu ? parameters.get(`${prefix}wGate`) : undefined,
        wUp: parameters.get(`${prefix}wUp`),
        wDown: parameters.get(`${prefix}wDown`),
        constants,
        shared,
      });
    }
  }

  /** Names and shapes of every trainable tensor, in serialisation order. */
  static parameterShapes(config: ModelConfig, router: LayerRouter): [string, number[]][] {
    const { d, f, vocabSize, numExperts } = config;
    const shapes: [string, number[]][] = [
      ['embedding', [vocabSize, d]],
      ['positionEmbedding', [config.context, d]],
    ];
    for (let layer = 0; layer < config.layers; layer++) {
      const prefix = `layers.${layer}.`;
      shapes.push(
        [`${prefix}attentionNorm`, [d]],
        [`${prefix}wq`, [d, d]],
        [`${prefix}wk`, [d, d]],
        [`${prefix}wv`, [d, d]],
        [`${prefix}wo`, [d, d]],
        [`${prefix}moeNorm`, [d]],
        [`${prefix}router`, router.routerShape(d)],
      );
      if (config.expert === 'swiglu') shapes.push([`${prefix}wGate`, [numExperts, f, d]]);
      shapes.push([`${prefix}wUp`, [numExperts, f, d]], [`${prefix}wDown`, [numExperts, d, f]]);
      if (router.trainsThresholds) shapes.push([`${prefix}thresholds`, [numExperts]]);
      if (router.gatingResidual)
        shapes.push([`${prefix}gateMap`, [router.totalExperts, router.totalExperts]]);
      if (router.constantExperts > 0)
        shapes.push(
          [`${prefix}constantMix`, [router.constantExperts, 2, d]],
          [`${prefix}constantVector`, [router.constantExperts, d]],
        );
      if (router.trainsGain) shapes.push([`${prefix}gain`, [numExperts]]);
      if (router.allocatorKMax > 0)
        shapes.push(
          [`${prefix}allocator`, [router.allocatorKMax, d]],
          [`${prefix}allocatorBias`, [router.allocatorKMax]],
        );
      const shared = router.sharedExperts;
      if (shared > 0) {
        if (config.expert === 'swiglu') shapes.push([`${prefix}sharedGate`, [shared, f, d]]);
        shapes.push([`${prefix}sharedUp`, [shared, f, d]], [`${prefix}sharedDown`, [shared, d, f]]);
      }
    }
    shapes.push(['finalNorm', [d]]);
    if (!config.tiedEmbeddings) shapes.push(['lmHead', [vocabSize, d]]);
    return shapes;
  }

  /**
   * Names and shapes of the non-gradient router state: DynMoE masks, selection biases, and LongCat's
   * bias-controller memory (the integral and previous error of its PID rule, one per FFN expert).
   */
  static stateShapes(config: ModelConfig, router: LayerRouter): [string, number[]][] {
    const shapes: [string, number[]][] = [];
    for (let layer = 0; layer < config.layers; layer++) {
      if (router.trainsThresholds) shapes.push([`layers.${layer}.mask`, [config.numExperts]]);
      if (router.selectionBias) shapes.push([`layers.${layer}.selectionBias`, [router.totalExperts]]);
      if (router.config.family === 'longcat')
        shapes.push(
          [`layers.${layer}.biasIntegral`, [config.numExperts]],
          [`layers.${layer}.biasPreviousError`, [config.numExperts]],
        );
    }
    return shapes;
  }

  /**
   * A freshly initialised model: norms 1, normal weights scaled by fan-in (output projections further by
   * `1/sqrt(2 layers)`, GPT-2 style), routers small so early routing is near uniform, DynMoE embeddings
   * with unit columns and thresholds 0, MoE++ gate maps 0, BlockFFN gains 1, Ada-K allocators 0 (a
   * uniform first policy over k).
   */
  static initialise(config: ModelConfig, random: SeededRandom): MoeLanguageModel {
    validateModelConfig(config);
    const router = createLayerRouter(config.router, config.numExperts);
    const parameters = new TensorStore();
    const residualScale = 1 / Math.sqrt(2 * config.layers);
    for (const [name, shape] of MoeLanguageModel.parameterShapes(config, router)) {
      const size = shape.reduce((a, b) => a * b, 1);
      const data = allocate(config.dtype, size);
      const leaf = name.slice(name.lastIndexOf('.') + 1);
      const fill = (std: number): void => {
        for (let index = 0; index < size; index++) data[index] = std * random.nextNormal();
      };
      if (leaf === 'attentionNorm' || leaf === 'moeNorm' || leaf === 'finalNorm' || leaf === 'gain')
        data.fill(1);
      else if (leaf === 'thresholds' || leaf === 'gateMap' || leaf.startsWith('allocator')) data.fill(0);
      else if (leaf === 'embedding' || leaf === 'lmHead') fill(1 / Math.sqrt(config.d));
      else if (leaf === 'positionEmbedding') fill(0.1 / Math.sqrt(config.d));
      else if (leaf === 'wo') fill(residualScale / Math.sqrt(config.d));
      else if (leaf === 'wDown' || leaf === 'sharedDown') fill(residualScale / Math.sqrt(config.f));
      else if (leaf === 'router' && router.cosine) {
        fill(1);
        const [rows, columns] = shape as [number, number];
        for (let column = 0; column < columns; column++) {
          let norm = 0;
          for (let row = 0; row < rows; row++) norm += data[row * columns + column]! ** 2;
          norm = Math.sqrt(norm);
          for (let row = 0; row < rows; row++)
            data[row * columns + column] = data[row * columns + column]! / norm;
        }
      } else if (leaf === 'router') fill(0.1 / Math.sqrt(config.d));
      else fill(1 / Math.sqrt(config.d));
      parameters.add(name, shape, data);
    }
    const state = new TensorStore();
    for (const [name, shape] of MoeLanguageModel.stateShapes(config, router)) {
      const data = allocate(
        'float64',
        shape.reduce((a, b) => a * b, 1),
      );
      if (name.endsWith('.mask')) data.fill(1);
      state.add(name, shape, data);
    }
    return new MoeLanguageModel(config, parameters, state);
  }

  /**
   * The MoE layer object handed to the backend (its weights object is stable, so backends can cache it).
   * `tokens` is the batch's token count, which Expert-Choice's capacity needs.
   */
  moeLayer(layer: number, mode: 'train' | 'infer', tokens?: number): MoeLayerV1 {
    const prefix = `layers.${layer}.`;
    const params: {
      thresholds?: FloatArray;
      mask?: FloatArray;
      selectionBias?: FloatArray;
      gain?: FloatArray;
    } = {};
    if (this.router.trainsThresholds) {
      params.thresholds = this.parameters.get(`${prefix}thresholds`);
      params.mask = this.state.get(`${prefix}mask`);
    }
    if (this.router.selectionBias) params.selectionBias = this.state.get(`${prefix}selectionBias`);
    if (this.router.trainsGain) params.gain = this.parameters.get(`${prefix}gain`);
    return {
      spec: this.router.spec(mode, tokens),
      weights: this.layerWeights[layer] as MoeLayerWeightsV1,
      params: params as RouterParamsV1,
      gateMap: this.router.gatingResidual ? this.parameters.get(`${prefix}gateMap`) : undefined,
    };
  }

  /** The weights objects of every layer (to tell a caching backend they changed). */
  weights(): readonly MoeLayerWeightsV1[] {
    return this.layerWeights;
  }

  /** Runs the model on a batch; keeps activations for {@link backward} when `retain`. */
  async forward(
    backend: KernelBackendV1,
    batch: TokenBatch,
    options: {
      readonly retain: boolean;
      readonly mode: 'train' | 'infer';
      /** Ada-K: picks each token's k from the allocator (default: the greedy policy, `greedyAllocation`). */
      readonly allocation?: ExpertAllocation | undefined;
    },
  ): Promise<ForwardPass> {
    const { d, vocabSize, dtype } = this.config;
    const { sequences, length } = batch;
    const tokens = sequences * length;
    if (length > this.config.context)
      throw new InvalidArgumentError('batch.length', `at most context (${this.config.context})`, length);
    if (batch.inputs.length !== tokens)
      throw new InvalidArgumentError(
        'batch.inputs.length',
        `${tokens} (sequences x length)`,
        batch.inputs.length,
      );
    if (batch.targets.length !== tokens)
      throw new InvalidArgumentError(
        'batch.targets.length',
        `${tokens} (sequences x length)`,
        batch.targets.length,
      );
    const product = denseProductFor(backend, dtype);
    const embedding = this.parameters.get('embedding');
    const positions = this.parameters.get('positionEmbedding');
    let hidden = allocate(dtype, tokens * d);
    for (let token = 0; token < tokens; token++) {
      const byte = batch.inputs[token]!;
      if (!(byte >= 0 && byte < vocabSize))
        throw new InvalidArgumentError(`batch.inputs[${token}]`, `a token id in [0, ${vocabSize})`, byte);
      const position = token % length;
      for (let i = 0; i < d; i++)
        hidden[token * d + i] = embedding[byte * d + i]! + positions[position * d + i]!;
    }
    const context = this.blockContext(backend, product, sequences, length);
    const blocks: BlockCache[] = [];
    const routings: RoutingResultV1[] = [];
    const moeInputs: FloatArray[] = [];
    let previousLogits: FloatArray | undefined;
    for (let layer = 0; layer < this.config.layers; layer++) {
      const { output, cache } = await transformerBlockForward(
        context,
        {
          prefix: `layers.${layer}.`,
          moeLayer: this.moeLayer(layer, options.mode, tokens),
          chooseK: this.router.allocatorKMax > 0 ? allocationOf(this, layer, options.allocation) : undefined,
        },
        hidden,
        previousLogits,
        options.retain,
      );
      previousLogits = cache.moe.routing.logits;
      hidden = output;
      routings.push(cache.moe.routing);
      moeInputs.push(cache.moeNormed);
      if (options.retain) blocks.push(cache);
    }
    const finalNormed = allocate(dtype, tokens * d);
    const finalInverseRms = rmsNormForward(
      finalNormed,
      hidden,
      this.parameters.get('finalNorm'),
      tokens,
      d,
      this.config.normEps,
    );
    const logits = allocate(dtype, tokens * vocabSize);
    await product({
      out: logits,
      a: finalNormed,
      b: this.head(),
      m: tokens,
      n: vocabSize,
      k: d,
      transposeB: true,
    });
    const tokenLosses = crossEntropy(logits, batch.targets, tokens, vocabSize);
    let loss = 0;
    for (let token = 0; token < tokens; token++) loss += tokenLosses[token]!;
    return {
      batch,
      loss: loss / tokens,
      tokenLosses,
      routings,
      moeInputs,
      blocks,
      finalInput: hidden,
      finalNormed,
      finalInverseRms,
      logits,
    };
  }

  /**
   * Back-propagates the mean cross-entropy of `pass` (made with `retain`) plus, per layer, an extra
   * gradient at the router logits (auxiliary losses, `@anyk/losses`), adding every parameter's gradient
   * into `grads` (a store shaped like {@link parameters}, float64).
   */
  async backward(
    backend: KernelBackendV1,
    pass: ForwardPass,
    grads: TensorStore,
    extraLogitsGrad: readonly (Float64Array | undefined)[],
  ): Promise<void> {
    const { d, vocabSize } = this.config;
    const { sequences, length } = pass.batch;
    const tokens = sequences * length;
    if (pass.blocks.length !== this.config.layers)
      throw new InvalidArgumentError('pass', 'a forward made with retain: true', 'no saved activations');
    const product = denseProductFor(backend, this.config.dtype);
    const gradLogits = new Float64Array(tokens * vocabSize);
    crossEntropy(pass.logits, pass.batch.targets, tokens, vocabSize, gradLogits);
    const headGrad = grads.get(this.config.tiedEmbeddings ? 'embedding' : 'lmHead');
    await product({
      out: headGrad,
      a: gradLogits,
      b: pass.finalNormed,
      m: vocabSize,
      n: d,
      k: tokens,
      transposeA: true,
      accumulate: true,
    });
    const gradFinalNormed = new Float64Array(tokens * d);
    await product({ out: gradFinalNormed, a: gradLogits, b: this.head(), m: tokens, n: d, k: vocabSize });
    const gradHidden = new Float64Array(tokens * d);
    rmsNormBackward(
      gradHidden,
      grads.get('finalNorm'),
      gradFinalNormed,
      pass.finalInput,
      this.parameters.get('finalNorm'),
      pass.finalInverseRms,
      tokens,
      d,
    );
    const context = this.blockContext(backend, product, sequences, length);
    let carriedLogitsGrad: Float64Array | undefined;
    for (let layer = this.config.layers - 1; layer >= 0; layer--) {
      const block = pass.blocks[layer] as BlockCache;
      const extra = extraLogitsGrad[layer];
      let logitsGrad: Float64Array | undefined = extra ? Float64Array.from(extra) : undefined;
      if (carriedLogitsGrad) {
        if (logitsGrad)
          for (let i = 0; i < logitsGrad.length; i++) logitsGrad[i] = logitsGrad[i]! + carriedLogitsGrad[i]!;
        else logitsGrad = carriedLogitsGrad;
      }
      const previousLogitsGrad = await transformerBlockBackward(
        context,
        { prefix: `layers.${layer}.`, moeLayer: this.moeLayer(layer, 'train', tokens) },
        block,
        grads,
        gradHidden,
        logitsGrad,
      );
      carriedLogitsGrad = layer > 0 && this.router.gatingResidual ? previousLogitsGrad : undefined;
    }
    const gradEmbedding = grads.get('embedding');
    const gradPositions = grads.get('positionEmbedding');
    for (let token = 0; token < tokens; token++) {
      const byte = pass.batch.inputs[token]!;
      const position = token % length;
      for (let i = 0; i < d; i++) {
        const upstream = gradHidden[token * d + i]!;
        gradEmbedding[byte * d + i] = gradEmbedding[byte * d + i]! + upstream;
        gradPositions[position * d + i] = gradPositions[position * d + i]! + upstream;
      }
    }
  }

  /** What every block of one batch shares (see `transformer-block.ts`). */
  private blockContext(
    backend: KernelBackendV1,
    product: DenseProduct,
    sequences: number,
    length: number,
  ): BlockContext {
    const { d, heads } = this.config;
    return {
      config: this.config,
      router: this.router,
      parameters: this.parameters,
      backend,
      product,
      shape: { sequences, length, heads, headDim: d / heads },
      tokens: sequences * length,
    };
  }

  private head(): FloatArray {
    return this.parameters.get(this.config.tiedEmbeddings ? 'embedding' : 'lmHead');
  }
}

/** Layer `layer`'s k chooser for Ada-K: the given allocation policy, or the greedy (inference) one. */
function allocationOf(
  model: MoeLanguageModel,
  layer: number,
  allocation: ExpertAllocation | undefined,
): (x: FloatArray, tokens: number) => Int32Array {
  const policy = allocation ?? greedyAllocation;
  const allocator = model.parameters.get(`layers.${layer}.allocator`);
  const allocatorBias = model.parameters.get(`layers.${layer}.allocatorBias`);
  return (x, tokens) =>
    policy({
      layer,
      x,
      tokens,
      d: model.config.d,
      allocator,
      allocatorBias,
      kMax: model.router.allocatorKMax,
    });
}
