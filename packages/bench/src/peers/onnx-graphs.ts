import type { OnnxGraph } from '@anyk/kernels-node/internal';
import { expertMatMulWeights, type MoeBenchWeights, routerMatMulWeights } from './moe-bench-weights.ts';

const float = 1 as const;

/** `y [M, N] = a [M, K] x B [K, N]`, B a constant (weights, pre-packed by ORT); M is a dynamic axis. */
export function matMulGraph(k: number, n: number, b: Float32Array): OnnxGraph {
  return {
    name: 'matmul',
    nodes: [{ opType: 'MatMul', inputs: ['a', 'b'], outputs: ['y'] }],
    inputs: [{ name: 'a', elementType: float, shape: ['M', k] }],
    outputs: [{ name: 'y', elementType: float, shape: ['M', n] }],
    initializers: [{ name: 'b', dims: [k, n], data: b }],
  };
}

/** The nodes of `h = silu(x Wg) * (x Wu)`. */
function swigluNodes(input: string, gate: string, up: string, output: string) {
  return [
    { opType: 'MatMul', inputs: [input, gate], outputs: ['g'] },
    { opType: 'MatMul', inputs: [input, up], outputs: ['u'] },
    { opType: 'Sigmoid', inputs: ['g'], outputs: ['s'] },
    { opType: 'Mul', inputs: ['g', 's'], outputs: ['silu'] },
    { opType: 'Mul', inputs: ['silu', 'u'], outputs: [output] },
  ];
}

/** Router logits `x [T, d] W_router^T` as a MatMul with the `[d, E]` transpose baked in. */
export function routerGraph(weights: MoeBenchWeights): OnnxGraph {
  return matMulGraph(weights.d, weights.experts, routerMatMulWeights(weights));
}

/** Expert `e`'s SwiGLU FFN over its gathered rows `x [n, d]` (the per-expert loop's session). */
export function swigluExpertGraph(weights: MoeBenchWeights, expert: number): OnnxGraph {
  const { d, f } = weights;
  const matrices = expertMatMulWeights(weights, expert);
  return {
    name: `expert_${expert}`,
    nodes: [...swigluNodes('x', 'wg', 'wu', 'h'), { opType: 'MatMul', inputs: ['h', 'wd'], outputs: ['y'] }],
    inputs: [{ name: 'x', elementType: float, shape: ['N', d] }],
    outputs: [{ name: 'y', elementType: float, shape: ['N', d] }],
    initializers: [
      { name: 'wg', dims: [d, f], data: matrices.wGate },
      { name: 'wu', dims: [d, f], data: matrices.wUp },
      { name: 'wd', dims: [f, d], data: matrices.wDown },
    ],
  };
}

/**
 * The dense "all experts, masked" MoE a user writes when the runtime has no sparse MoE: every token runs
 * through every expert (`x [T, d] x Wg_all [d, E f]`), the hidden activations are scaled by the dense
 * `[T, E]` combine weights (0 for unchosen experts), and one MatMul with `Wd_all [E f, d]` sums the experts.
 * E/k times the useful FLOPs, but only large, regular MatMuls.
 */
export function denseMaskedMoeGraph(weights: MoeBenchWeights): OnnxGraph {
  const { d, f, experts } = weights;
  // [E, f, d] -> [d, E f]: column e f + j holds expert e's row j.
  const concatenateColumns = (source: Float32Array): Float32Array => {
    const out = new Float32Array(d * experts * f);
    for (let e = 0; e < experts; e++)
      for (let j = 0; j < f; j++)
        for (let i = 0; i < d; i++) out[i * experts * f + e * f + j] = source[(e * f + j) * d + i]!;
    return out;
  };
  // [E, d, f] -> [E f, d]: row e f + j holds column j of expert e's W_down.
  const down = new Float32Array(experts * f * d);
  for (let e = 0; e < experts; e++)
    for (let i = 0; i < d; i++)
      for (let j = 0; j < f; j++) down[(e * f + j) * d + i] = weights.wDown[(e * d + i) * f + j]!;
  const shape = (values: number[]) => BigInt64Array.from(values.map((value) => BigInt(value)));
  return {
    name: 'dense_masked_moe',
    nodes: [
      ...swigluNodes('x', 'wg', 'wu', 'h'),
      // Reshape's 0 copies the input's dimension, so T stays dynamic.
      { opType: 'Reshape', inputs: ['h', 'shape_tef'], outputs: ['h3'] },
      { opType: 'Reshape', inputs: ['w', 'shape_te1'], outputs: ['w3'] },
      { opType: 'Mul', inputs: ['h3', 'w3'], outputs: ['hw'] },
      { opType: 'Reshape', inputs: ['hw', 'shape_tf'], outputs: ['h2'] },
      { opType: 'MatMul', inputs: ['h2', 'wd'], outputs: ['y'] },
    ],
    inputs: [
      { name: 'x', elementType: float, shape: ['T', d] },
      { name: 'w', elementType: float, shape: ['T', experts] },
    ],
    outputs: [{ name: 'y', elementType: float, shape: ['T', d] }],
    initializers: [
      { name: 'wg', dims: [d, experts * f], data: concatenateColumns(weights.wGate) },
      { name: 'wu', dims: [d, experts * f], data: concatenateColumns(weights.wUp) },
      { name: 'wd', dims: [experts * f, d], data: down },
      { name: 'shape_tef', dims: [3], data: shape([0, experts, f]) },
      { name: 'shape_te1', dims: [3], data: shape([0, experts, 1]) },
      { name: 'shape_tf', dims: [2], data: shape([0, experts * f]) },
    ],
  };
}
