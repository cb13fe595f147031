import type { FloatArray } from '@anyk/core';

/**
 * One dense product `out[m, n] (+)= op(a)[m, k] · op(b)[k, n]` for the parts of a model around the MoE
 * layers (attention projections, LM heads, their gradients). Operands are row-major; the transposes
 * name how they are stored, so every gradient of `y = x W^T` is one call without a transposed copy:
 *
 * | product       | a     | b     | transposeA | transposeB |
 * | ------------- | ----- | ----- | ---------- | ---------- |
 * | `y = x W^T`   | x     | W     | false      | true       |
 * | `dx = dy W`   | dy    | W     | false      | false      |
 * | `dW = dy^T x` | dy    | x     | true       | false      |
 */
export interface DenseMatmulArgs {
  /** `[m, n]`; overwritten, or added into with `accumulate`. Float32Array or Float64Array. */
  readonly out: FloatArray;
  /** `[m, k]`, or `[k, m]` with `transposeA`. */
  readonly a: ArrayLike<number>;
  /** `[k, n]`, or `[n, k]` with `transposeB`. */
  readonly b: ArrayLike<number>;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transposeA?: boolean | undefined;
  readonly transposeB?: boolean | undefined;
  readonly accumulate?: boolean | undefined;
}
