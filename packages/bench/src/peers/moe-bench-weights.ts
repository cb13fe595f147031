import { seededRandom } from '../demo/seeded-random.ts';

/** Sizes of a benchmark MoE layer (SwiGLU experts). */
export interface MoeBenchShape {
  readonly d: number;
  readonly f: number;
  readonly experts: number;
}

/** One SwiGLU MoE layer's weights in anyk's layout (`MoeLayerWeightsV1`), shared by anyk and every peer. */
export interface MoeBenchWeights extends MoeBenchShape {
  /** `[E, d]` */
  readonly router: Float32Array;
  /** `[E, f, d]` */
  readonly wGate: Float32Array;
  /** `[E, f, d]` */
  readonly wUp: Float32Array;
  /** `[E, d, f]` */
  readonly wDown: Float32Array;
}

/**
 * `length` seeded uniform values with standard deviation `scale`. Uniform rather than normal because the
 * full-size layer has 35M weights and speed of generation matters more than the distribution here.
 */
export function seededUniform(length: number, scale: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const half = Math.sqrt(3) * scale;
  const out = new Float32Array(length);
  for (let index = 0; index < length; index++) out[index] = (random() * 2 - 1) * half;
  return out;
}

/** Seeded weights scaled like a trained layer's (`1/sqrt(fan_in)`), router rows with a wider spread. */
export function moeBenchWeights(shape: MoeBenchShape, seed = 11): MoeBenchWeights {
  const { d, f, experts } = shape;
  return {
    ...shape,
    router: seededUniform(experts * d, 1 / Math.sqrt(d), seed),
    wGate: seededUniform(experts * f * d, 1 / Math.sqrt(d), seed + 1),
    wUp: seededUniform(experts * f * d, 1 / Math.sqrt(d), seed + 2),
    wDown: seededUniform(experts * d * f, 1 / Math.sqrt(f), seed + 3),
  };
}

/** `[blocks, rows, columns]` -> `[blocks, columns, rows]`: anyk's `[out, in]` rows to ONNX MatMul's `[in, out]`. */
export function transposeBlocks(
  source: Float32Array,
  blocks: number,
  rows: number,
  columns: number,
): Float32Array {
  const out = new Float32Array(source.length);
  for (let block = 0; block < blocks; block++) {
    const base = block * rows * columns;
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        out[base + column * rows + row] = source[base + row * columns + column]!;
      }
    }
  }
  return out;
}

/** One expert's SwiGLU matrices in a MatMul runtime's `[in, out]` layout (ONNX initializers, tfjs tensors). */
export interface ExpertMatMulWeights {
  /** `[d, f]` */
  readonly wGate: Float32Array;
  /** `[d, f]` */
  readonly wUp: Float32Array;
  /** `[f, d]` */
  readonly wDown: Float32Array;
}

/** Expert `expert`'s matrices transposed from anyk's `[out, in]` rows to the `[in, out]` a MatMul takes. */
export function expertMatMulWeights(weights: MoeBenchWeights, expert: number): ExpertMatMulWeights {
  const { d, f } = weights;
  const slice = (array: Float32Array) => array.subarray(expert * f * d, (expert + 1) * f * d);
  return {
    wGate: transposeBlocks(slice(weights.wGate), 1, f, d),
    wUp: transposeBlocks(slice(weights.wUp), 1, f, d),
    wDown: transposeBlocks(slice(weights.wDown), 1, d, f),
  };
}

/** The router `[E, d]` transposed to the `[d, E]` a MatMul takes. */
export function routerMatMulWeights(weights: MoeBenchWeights): Float32Array {
  return transposeBlocks(weights.router, 1, weights.experts, weights.d);
}

/** Useful FLOPs of one MoE layer forward: router GEMM plus `3 * 2 d f` per (token, expert) pair. */
export function moeLayerFlops(tokens: number, expertsPerToken: number, shape: MoeBenchShape): number {
  return 2 * tokens * shape.d * shape.experts + tokens * expertsPerToken * 6 * shape.d * shape.f;
}
