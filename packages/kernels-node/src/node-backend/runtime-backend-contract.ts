/**
 * The contract of the WebAssembly CPU backends (Node and browser), alone in its file: the public types of
 * `createNodeBackend` reach only this, never the runtime's internals (`WebAssembly.Memory`, onnxruntime's
 * types), so an app type-checks with `skipLibCheck: false` and no DOM or onnxruntime types.
 */
import type { ExpertTensorV1, KernelBackendV1, MoeLayerWeightsV1 } from '@anyk/core';
import type { MultiplyAddMode } from '../wasm/gemm-kernels.ts';
import type { DenseMatmulArgs } from './dense-matmul-args.ts';

/** A backend over a kernel runtime: `KernelBackendV1` plus what the WebAssembly CPU backends add. */
export interface RuntimeBackend extends KernelBackendV1 {
  /** Which multiply-add the microkernels were built with. */
  readonly multiplyAdd: MultiplyAddMode;
  readonly threads: number;
  /**
   * Drops the packed copy of a layer's weights. Packed weights are cached by the identity of the weight
   * arrays; call this after changing a weight array **in place** (e.g. an optimiser step), or pass new
   * arrays.
   */
  releaseWeights(weights: MoeLayerWeightsV1<ExpertTensorV1>): void;
  /**
   * A dense product `out (+)= op(a) op(b)` on the same microkernels and workers as the experts (float32
   * arithmetic), for the dense parts of a model around its MoE layers (`@anyk/train` runs its attention
   * projections and LM head here: its quick-mode training step went from 430 to 210 ms, the dense products
   * from about half of the step to a few percent). See {@link DenseMatmulArgs} for the layouts.
   */
  matmul(args: DenseMatmulArgs): Promise<void>;
}
