import type { FloatArray, KernelBackendV1, LayerForwardResultV1, LayerInputV1, MoeLayerV1 } from '@anyk/core';
import {
  type AttentionShape,
  causalAttentionBackward,
  causalAttentionForward,
} from '../math/causal-attention.ts';
import type { DenseProduct } from '../math/dense-product.ts';
import { rmsNormBackward, rmsNormForward } from '../math/rms-norm.ts';
import type { LayerRouter } from '../routing/layer-router.ts';
import type { ModelConfig } from './model-config.ts';
import { allocate, type TensorStore } from './parameter-store.ts';

/** What one block keeps from its forward for the backward. */
export interface BlockCache {
  readonly input: FloatArray;
  readonly attentionNormed: FloatArray;
  readonly attentionInverseRms: Float64Array;
  readonly q: FloatArray;
  readonly k: FloatArray;
  readonly v: FloatArray;
  readonly probabilities: FloatArray;
  readonly attentionOut: FloatArray;
  readonly middle: FloatArray;
  readonly moeNormed: FloatArray;
  readonly moeInverseRms: Float64Array;
  readonly moeInput: LayerInputV1;
  readonly moe: LayerForwardResultV1;
}

/** Everything a block's forward and backward share: the model's tensors, the backend, the batch shape. */
export interface BlockContext {
  readonly config: ModelConfig;
  readonly router: LayerRouter;
  readonly parameters: TensorStore;
  readonly backend: KernelBackendV1;
  readonly product: DenseProduct;
  readonly shape: AttentionShape;
  readonly tokens: number;
}

/** One block's names (`layers.<layer>.`) and its MoE layer as the backend runs it. */
export interface BlockLayer {
  readonly prefix: string;
  readonly moeLayer: MoeLayerV1;
  /** Ada-K: each token's k from the MoE input (the allocator reads the same x as the router). */
  readonly chooseK?: ((x: FloatArray, tokens: number) => Int32Array) | undefined;
}

/**
 * The attention sub-block, `middle = input + attention(rmsnorm(input)) Wo^T`, and the activations its
 * backward reads.
 */
async function attentionForward(context: BlockContext, prefix: string, input: FloatArray) {
  const { config, parameters, product, tokens } = context;
  const { d, dtype } = config;
  const attentionNormed = allocate(dtype, tokens * d);
  const attentionInverseRms = rmsNormForward(
    attentionNormed,
    input,
    parameters.get(`${prefix}attentionNorm`),
    tokens,
    d,
    config.normEps,
  );
  const q = allocate(dtype, tokens * d);
  const k = allocate(dtype, tokens * d);
  const v = allocate(dtype, tokens * d);
  for (const [out, name] of [
    [q, 'wq'],
    [k, 'wk'],
    [v, 'wv'],
  ] as const)
    await product({
      out,
      a: attentionNormed,
      b: parameters.get(`${prefix}${name}`),
      m: tokens,
      n: d,
      k: d,
      transposeB: true,
    });
  const attentionOut = allocate(dtype, tokens * d);
  const probabilities = causalAttentionForward(attentionOut, q, k, v, context.shape, (size) =>
    allocate(dtype, size),
  );
  const middle = allocate(dtype, tokens * d);
  await product({
    out: middle,
    a: attentionOut,
    b: parameters.get(`${prefix}wo`),
    m: tokens,
    n: d,
    k: d,
    transposeB: true,
  });
  for (let index = 0; index < tokens * d; index++) middle[index] = middle[index]! + input[index]!;
  return { attentionNormed, attentionInverseRms, q, k, v, probabilities, attentionOut, middle };
}

/**
 * One pre-norm transformer block: `middle = input + attention(rmsnorm(input)) Wo^T`, then
 * `output = middle + moe(rmsnorm(middle))` with the MoE layer run by the backend. `previousLogits` are the
 * previous block's router logits (MoE++'s gating residual).
 */
export async function transformerBlockForward(
  context: BlockContext,
  layer: BlockLayer,
  input: FloatArray,
  previousLogits: FloatArray | undefined,
  retain: boolean,
): Promise<{ readonly output: FloatArray; readonly cache: BlockCache }> {
  const { config, router, parameters, tokens } = context;
  const { d, dtype } = config;
  const attention = await attentionForward(context, layer.prefix, input);
  const moeNormed = allocate(dtype, tokens * d);
  const moeInverseRms = rmsNormForward(
    moeNormed,
    attention.middle,
    parameters.get(`${layer.prefix}moeNorm`),
    tokens,
    d,
    config.normEps,
  );
  const moeInput: LayerInputV1 = {
    tokens,
    x: moeNormed,
    prevLogits: router.gatingResidual
      ? (previousLogits ?? allocate(dtype, tokens * router.totalExperts))
      : undefined,
    k: layer.chooseK?.(moeNormed, tokens),
  };
  const moe = await context.backend.forward(layer.moeLayer, moeInput, { retainForBackward: retain });
  const output = allocate(dtype, tokens * d);
  for (let index = 0; index < tokens * d; index++) output[index] = attention.middle[index]! + moe.y[index]!;
  return { output, cache: { input, ...attention, moeNormed, moeInverseRms, moeInput, moe } };
}

/**
 * The MoE sub-block's backward: the backend's layer backward (with `logitsGrad` at the router logits),
 * its parameter gradients added into `grads`, then the moe rmsnorm's; `gradHidden` goes from the
 * gradient at the block's output to the gradient at `middle` (in place). Returns the layer's gradient at
 * the previous block's logits (gating residual), if any.
 */
async function moeBackward(
  context: BlockContext,
  layer: BlockLayer,
  block: BlockCache,
  grads: TensorStore,
  gradHidden: Float64Array,
  logitsGrad: Float64Array | undefined,
): Promise<Float64Array | undefined> {
  const { router, parameters, tokens } = context;
  const { prefix } = layer;
  const moeGrads = await context.backend.backward(
    layer.moeLayer,
    block.moeInput,
    block.moe,
    gradHidden,
    logitsGrad ? { logitsGrad } : {},
  );
  addInto(grads.get(`${prefix}router`), moeGrads.router);
  if (moeGrads.wGate) addInto(grads.get(`${prefix}wGate`), moeGrads.wGate);
  addInto(grads.get(`${prefix}wUp`), moeGrads.wUp);
  addInto(grads.get(`${prefix}wDown`), moeGrads.wDown);
  if (router.trainsThresholds && moeGrads.thresholds)
    addInto(grads.get(`${prefix}thresholds`), moeGrads.thresholds);
  if (router.gatingResidual && moeGrads.gateMap) addInto(grads.get(`${prefix}gateMap`), moeGrads.gateMap);
  if (router.trainsGain && moeGrads.gain) addInto(grads.get(`${prefix}gain`), moeGrads.gain);
  if (router.sharedExperts > 0 && moeGrads.shared) {
    if (moeGrads.shared.wGate) addInto(grads.get(`${prefix}sharedGate`), moeGrads.shared.wGate);
    addInto(grads.get(`${prefix}sharedUp`), moeGrads.shared.wUp);
    addInto(grads.get(`${prefix}sharedDown`), moeGrads.shared.wDown);
  }
  if (moeGrads.constants) {
    addInto(grads.get(`${prefix}constantMix`), moeGrads.constants.wc);
    addInto(grads.get(`${prefix}constantVector`), moeGrads.constants.v);
  }
  rmsNormBackward(
    gradHidden,
    grads.get(`${prefix}moeNorm`),
    moeGrads.x,
    block.middle,
    parameters.get(`${prefix}moeNorm`),
    block.moeInverseRms,
    tokens,
    context.config.d,
  );
  return moeGrads.prevLogits;
}

/**
 * The attention sub-block's backward: Wo, attention, the q/k/v projections and the attention rmsnorm;
 * `gradHidden` goes from the gradient at `middle` to the gradient at the block's input (in place).
 */
async function attentionBackward(
  context: BlockContext,
  prefix: string,
  block: BlockCache,
  grads: TensorStore,
  gradHidden: Float64Array,
): Promise<void> {
  const { parameters, product, tokens } = context;
  const { d } = context.config;
  await product({
    out: grads.get(`${prefix}wo`),
    a: gradHidden,
    b: block.attentionOut,
    m: d,
    n: d,
    k: tokens,
    transposeA: true,
    accumulate: true,
  });
  const gradAttentionOut = new Float64Array(tokens * d);
  await product({
    out: gradAttentionOut,
    a: gradHidden,
    b: parameters.get(`${prefix}wo`),
    m: tokens,
    n: d,
    k: d,
  });
  const gradQ = new Float64Array(tokens * d);
  const gradK = new Float64Array(tokens * d);
  const gradV = new Float64Array(tokens * d);
  causalAttentionBackward(
    gradQ,
    gradK,
    gradV,
    gradAttentionOut,
    block.q,
    block.k,
    block.v,
    block.probabilities,
    context.shape,
  );
  const gradNormed = new Float64Array(tokens * d);
  for (const [name, gradient] of [
    ['wq', gradQ],
    ['wk', gradK],
    ['wv', gradV],
  ] as const) {
    await product({
      out: grads.get(`${prefix}${name}`),
      a: gradient,
      b: block.attentionNormed,
      m: d,
      n: d,
      k: tokens,
      transposeA: true,
      accumulate: true,
    });
    await product({
      out: gradNormed,
      a: gradient,
      b: parameters.get(`${prefix}${name}`),
      m: tokens,
      n: d,
      k: d,
      accumulate: true,
    });
  }
  rmsNormBackward(
    gradHidden,
    grads.get(`${prefix}attentionNorm`),
    gradNormed,
    block.input,
    parameters.get(`${prefix}attentionNorm`),
    block.attentionInverseRms,
    tokens,
    d,
  );
}

/**
 * One block's backward, the reverse of {@link transformerBlockForward}: `gradHidden` holds the gradient at
 * the block's output and leaves holding the gradient at its input; parameter gradients add into `grads`.
 * Returns the gradient at the previous block's router logits (gating residual), if any.
 */
export async function transformerBlockBackward(
  context: BlockContext,
  layer: BlockLayer,
  block: BlockCache,
  grads: TensorStore,
  gradHidden: Float64Array,
  logitsGrad: Float64Array | undefined,
): Promise<Float64Array | undefined> {
  const carried = await moeBackward(context, layer, block, grads, gradHidden, logitsGrad);
  await attentionBackward(context, layer.prefix, block, grads, gradHidden);
  return carried;
}

function addInto(target: FloatArray, source: ArrayLike<number>): void {
  for (let index = 0; index < target.length; index++) target[index] = target[index]! + source[index]!;
}
