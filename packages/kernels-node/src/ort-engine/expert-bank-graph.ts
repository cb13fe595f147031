import type { OnnxGraph, OnnxInitializer, OnnxNode } from './onnx-model-encoder.ts';

const float = 1 as const;
const int32 = 6 as const;

/** One bank of FFN experts as the onnxruntime engine builds it into a graph. */
export interface ExpertBankWeights {
  /** Prefix of the bank's tensor names (`routed`, `shared`). */
  readonly name: string;
  readonly count: number;
  readonly d: number;
  readonly f: number;
  readonly activation: 'swiglu' | 'silu' | 'gelu';
  /** `[count, f, d]` (swiglu only). */
  readonly wGate?: ArrayLike<number> | undefined;
  /** `[count, f, d]`. */
  readonly wUp: ArrayLike<number>;
  /** `[count, d, f]`. */
  readonly wDown: ArrayLike<number>;
  /**
   * `true`: expert e reads the rows of `x` listed in the int32 input `{name}_rows_{e}` (the routed bank's plan
   * segments, gathered inside the graph); `false`: every expert reads all of `x` (shared experts).
   */
  readonly gathered: boolean;
}

/** The names of a bank's outputs: `y` always; the pre-activations and activations only in a retain graph. */
export function bankOutputNames(name: string) {
  return { y: `${name}_y`, gate: `${name}_gate`, up: `${name}_up`, h: `${name}_h` };
}

/** The name of expert `expert`'s row-index input in a gathered bank. */
export function bankRowsName(name: string, expert: number): string {
  return `${name}_rows_${expert}`;
}

/**
 * The graph of one layer's expert banks: for each expert, (Gather its rows of `x`,) `Gemm` with its
 * `[f, d]` input weights (`transB`, so weights go in as stored and ORT pre-packs them once), the activation,
 * `Gemm` with its `[d, f]` down weights; the banks' rows are concatenated expert-major, the plan's row order,
 * so the combine reads one `[rows, d]` output. With `retain`, the graph also outputs the concatenated
 * pre-activations (`gate`, `up`) and activations `h` that the backward pass needs.
 */
export function expertBanksGraph(banks: readonly ExpertBankWeights[], retain: boolean): OnnxGraph {
  const d = banks[0]?.d ?? 0;
  const nodes: OnnxNode[] = [];
  const initializers: OnnxInitializer[] = [];
  const inputs: OnnxGraph['inputs'][number][] = [{ name: 'x', elementType: float, shape: ['T', d] }];
  const outputs: OnnxGraph['outputs'][number][] = [];
  const scalar = (name: string, value: number): string => {
    if (!initializers.some((initializer) => initializer.name === name))
      initializers.push({ name, dims: [], data: Float32Array.of(value) });
    return name;
  };
  for (const bank of banks) {
    const names = bankOutputNames(bank.name);
    const parts = { y: [] as string[], gate: [] as string[], up: [] as string[], h: [] as string[] };
    for (let expert = 0; expert < bank.count; expert++) {
      const prefix = `${bank.name}_${expert}`;
      let input = 'x';
      if (bank.gathered) {
        const rows = bankRowsName(bank.name, expert);
        inputs.push({ name: rows, elementType: int32, shape: [`${prefix}_n`] });
        input = `${prefix}_x`;
        nodes.push({ opType: 'Gather', inputs: ['x', rows], outputs: [input], attributes: { axis: 0 } });
      }
      const gemm = (a: string, weight: string, output: string) =>
        nodes.push({ opType: 'Gemm', inputs: [a, weight], outputs: [output], attributes: { transB: 1 } });
      const slice = (source: ArrayLike<number>, size: number) => float32Slice(source, expert * size, size);
      initializers.push({
        name: `${prefix}_w_up`,
        dims: [bank.f, bank.d],
        data: slice(bank.wUp, bank.f * bank.d),
      });
      initializers.push({
        name: `${prefix}_w_down`,
        dims: [bank.d, bank.f],
        data: slice(bank.wDown, bank.d * bank.f),
      });
      gemm(input, `${prefix}_w_up`, `${prefix}_up`);
      parts.up.push(`${prefix}_up`);
      if (bank.activation === 'swiglu') {
        initializers.push({
          name: `${prefix}_w_gate`,
          dims: [bank.f, bank.d],
          data: slice(bank.wGate as ArrayLike<number>, bank.f * bank.d),
        });
        gemm(input, `${prefix}_w_gate`, `${prefix}_gate`);
        parts.gate.push(`${prefix}_gate`);
        nodes.push(...siluNodes(`${prefix}_gate`, `${prefix}_silu`));
        nodes.push({ opType: 'Mul', inputs: [`${prefix}_silu`, `${prefix}_up`], outputs: [`${prefix}_h`] });
      } else if (bank.activation === 'silu') {
        nodes.push(...siluNodes(`${prefix}_up`, `${prefix}_h`));
      } else {
        nodes.push(...geluTanhNodes(`${prefix}_up`, `${prefix}_h`, scalar));
      }
      parts.h.push(`${prefix}_h`);
      gemm(`${prefix}_h`, `${prefix}_w_down`, `${prefix}_y`);
      parts.y.push(`${prefix}_y`);
    }
    const concatenate = (part: keyof typeof parts, width: number) => {
      if (parts[part].length === 0) return;
      nodes.push({ opType: 'Concat', inputs: parts[part], outputs: [names[part]], attributes: { axis: 0 } });
      outputs.push({ name: names[part], elementType: float, shape: [`${bank.name}_rows`, width] });
    };
    concatenate('y', bank.d);
    if (retain) {
      concatenate('gate', bank.f);
      concatenate('up', bank.f);
      concatenate('h', bank.f);
    }
  }
  return { name: 'anyk_expert_banks', nodes, inputs, outputs, initializers };
}

/**
 * Router logits `x W_router^T` in float64: routing is discontinuous, so logits are formed in float64 (as the
 * reference and the WebAssembly engine do) and decisions match the reference except on exact ties.
 */
export function routerLogitsGraph(router: ArrayLike<number>, total: number, d: number): OnnxGraph {
  const transposed = new Float64Array(d * total);
  for (let expert = 0; expert < total; expert++)
    for (let i = 0; i < d; i++) transposed[i * total + expert] = router[expert * d + i]!;
  return {
    name: 'anyk_router_logits',
    nodes: [
      { opType: 'Cast', inputs: ['x'], outputs: ['x64'], attributes: { to: 11 } },
      { opType: 'MatMul', inputs: ['x64', 'router'], outputs: ['logits'] },
    ],
    inputs: [{ name: 'x', elementType: float, shape: ['T', d] }],
    outputs: [{ name: 'logits', elementType: 11, shape: ['T', total] }],
    initializers: [{ name: 'router', dims: [d, total], data: transposed }],
  };
}

/** `out (=) op(a) op(b)` with both operands as inputs (a dense product of the trainer), one `Gemm`. */
export function denseGemmGraph(transposeA: boolean, transposeB: boolean): OnnxGraph {
  return {
    name: 'anyk_dense_gemm',
    nodes: [
      {
        opType: 'Gemm',
        inputs: ['a', 'b'],
        outputs: ['y'],
        attributes: { transA: transposeA ? 1 : 0, transB: transposeB ? 1 : 0 },
      },
    ],
    inputs: [
      { name: 'a', elementType: float, shape: ['A0', 'A1'] },
      { name: 'b', elementType: float, shape: ['B0', 'B1'] },
    ],
    outputs: [{ name: 'y', elementType: float, shape: ['M', 'N'] }],
    initializers: [],
  };
}

/** `output = z sigmoid(z)`. */
function siluNodes(z: string, output: string): OnnxNode[] {
  return [
    { opType: 'Sigmoid', inputs: [z], outputs: [`${z}_sigmoid`] },
    { opType: 'Mul', inputs: [z, `${z}_sigmoid`], outputs: [output] },
  ];
}

/** GELU, tanh approximation (the reference's): `0.5 z (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3)))`. */
function geluTanhNodes(
  z: string,
  output: string,
  scalar: (name: string, value: number) => string,
): OnnxNode[] {
  const node = (opType: string, inputs: string[], name: string): OnnxNode => ({
    opType,
    inputs,
    outputs: [`${z}_${name}`],
  });
  return [
    node('Mul', [z, z], 'square'),
    node('Mul', [`${z}_square`, z], 'cube'),
    node('Mul', [`${z}_cube`, scalar('gelu_cubic', 0.044715)], 'cubic'),
    node('Add', [z, `${z}_cubic`], 'inner'),
    node('Mul', [`${z}_inner`, scalar('gelu_scale', Math.sqrt(2 / Math.PI))], 'scaled'),
    node('Tanh', [`${z}_scaled`], 'tanh'),
    node('Add', [`${z}_tanh`, scalar('one', 1)], 'one_plus'),
    node('Mul', [z, `${z}_one_plus`], 'product'),
    { opType: 'Mul', inputs: [`${z}_product`, scalar('half', 0.5)], outputs: [output] },
  ];
}

/** `size` elements of `source` from `start` as float32 (a view when it already is one). */
export function float32Slice(source: ArrayLike<number>, start: number, size: number): Float32Array {
  if (source instanceof Float32Array) return source.subarray(start, start + size);
  const out = new Float32Array(size);
  for (let index = 0; index < size; index++) out[index] = source[start + index]!;
  return out;
}
