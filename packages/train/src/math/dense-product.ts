import { type KernelBackendV1, UnsupportedError } from '@anyk/core';
import type { DenseMatmulArgs, NodeBackend } from '@anyk/kernels-node';
import { matmul, matmulTransposedA, matmulTransposedB } from './matmul.ts';

/**
 * `out[m, n] (+)= op(a) op(b)` with the layouts of {@link DenseMatmulArgs}: the one product the dense
 * parts of the model need (`y = x W^T`, `dx = dy W`, `dW = dy^T x`). Async because the fast version runs
 * on the CPU backend's workers.
 */
export type DenseProduct = (args: DenseMatmulArgs) => Promise<void>;

/** The plain-JS product, in the arithmetic of the arrays (float64 stays float64: gradient checks). */
export const jsDenseProduct: DenseProduct = async (args) => {
  const { out, a, b, m, n, k } = args;
  const accumulate = args.accumulate ?? false;
  if (args.transposeA && args.transposeB)
    throw new UnsupportedError('jsDenseProduct with transposeA and transposeB', 'the model never needs it');
  if (args.transposeA) matmulTransposedA(out, a, b, m, n, k, accumulate);
  else if (args.transposeB) matmulTransposedB(out, a, b, m, n, k, accumulate);
  else matmul(out, a, b, m, n, k, accumulate);
};

/**
 * The product a model of `dtype` should use with `backend`: a float32 model on the node backend runs its
 * dense products on the backend's WebAssembly microkernels (float32, like the MoE layers next to them);
 * anything else — float64 models, the reference backend — stays in plain JS so a float64 gradient check
 * remains float64 end to end.
 */
export function denseProductFor(backend: KernelBackendV1, dtype: 'float32' | 'float64'): DenseProduct {
  const node = backend as Partial<NodeBackend>;
  if (dtype === 'float32' && backend.name === 'node' && typeof node.matmul === 'function') {
    const product = node.matmul.bind(backend);
    return (args) => product(args);
  }
  return jsDenseProduct;
}
