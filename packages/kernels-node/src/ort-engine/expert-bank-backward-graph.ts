import type { ExpertBankWeights } from './expert-bank-graph.ts';
import type { OnnxGraph, OnnxInitializer, OnnxNode } from './onnx-model-encoder.ts';

const float = 1 as const;
const int32 = 6 as const;

/** The per-expert input names of a bank's backward graph. */
export function bankBackwardInputNames(name: string, expert: number) {
  const prefix = `${name}_${expert}`;
  return {
    rows: `${prefix}_rows`,
    rowWeight: `${prefix}_row_weight`,
    gate: `${prefix}_gate`,
    up: `${prefix}_up`,
    h: `${prefix}_h`,
    wGate: `${prefix}_w_gate`,
    wUp: `${prefix}_w_up`,
    wDown: `${prefix}_w_down`,
  };
}

/** The output names of a bank's backward graph. */
export function bankBackwardOutputNames(name: string) {
  return {
    rowWeightGrad: `${name}_row_weight_grad`,
    xRowsGrad: `${name}_x_rows_grad`,
    wGateGrad: `${name}_w_gate_grad`,
    wUpGrad: `${name}_w_up_grad`,
    wDownGrad: `${name}_w_down_grad`,
  };
}

/**
 * The backward of one bank of experts, every expert in one graph (the forward's `expertBanksGraph` in
 * reverse). Inputs: `x` (the expert input, `[T, d]`), `gy` (`[T, d]`), and per expert its rows (gathered
 * banks), row weights `[n, 1]`, saved pre-activations and activations `[n, f]`, and its weights (inputs,
 * not initializers: the backward reads the caller's arrays, no second copy in the session). Per expert:
 * `dHraw = gy W_down`, `dw = sum(dHraw * h)`, `dh = w dHraw`, the activation's derivative, then
 * `dW_down = (w gy)^T h`, `dW_in = dGU^T x`, `dX rows = dGU W_in`. Outputs concatenate the experts: row
 * weights' gradients `[N]`, input rows' gradients `[N, d]`, and weight gradients in the weights' layout.
 */
export function expertBankBackwardGraph(bank: ExpertBankWeights): OnnxGraph {
  const { d, f, name } = bank;
  const nodes: OnnxNode[] = [];
  const initializers: OnnxInitializer[] = [
    { name: 'one', dims: [], data: Float32Array.of(1) },
    { name: 'reduce_axes', dims: [1], data: BigInt64Array.of(1n) },
  ];
  const inputs: OnnxGraph['inputs'][number][] = [
    { name: 'x', elementType: float, shape: ['T', d] },
    { name: 'gy', elementType: float, shape: ['T', d] },
  ];
  const outputNames = bankBackwardOutputNames(name);
  const parts = { rowWeightGrad: [] as string[], xRowsGrad: [] as string[], wGateGrad: [] as string[] };
  const wUpParts: string[] = [];
  const wDownParts: string[] = [];
  const scalar = (label: string, value: number): string => {
    if (!initializers.some((initializer) => initializer.name === label))
      initializers.push({ name: label, dims: [], data: Float32Array.of(value) });
    return label;
  };
  const glu = bank.activation === 'swiglu';
  for (let expert = 0; expert < bank.count; expert++) {
    const names = bankBackwardInputNames(name, expert);
    const prefix = `${name}_${expert}`;
    const local = (label: string) => `${prefix}_${label}`;
    const node = (
      opType: string,
      nodeInputs: string[],
      output: string,
      attributes?: OnnxNode['attributes'],
    ) => {
      nodes.push({ opType, inputs: nodeInputs, outputs: [output], attributes });
      return output;
    };
    const n = `${prefix}_n`;
    let x = 'x';
    let gy = 'gy';
    if (bank.gathered) {
      inputs.push({ name: names.rows, elementType: int32, shape: [n] });
      x = node('Gather', ['x', names.rows], local('x'), { axis: 0 });
      gy = node('Gather', ['gy', names.rows], local('gy'), { axis: 0 });
    }
    inputs.push({ name: names.rowWeight, elementType: float, shape: [n, 1] });
    if (glu) inputs.push({ name: names.gate, elementType: float, shape: [n, f] });
    inputs.push({ name: names.up, elementType: float, shape: [n, f] });
    inputs.push({ name: names.h, elementType: float, shape: [n, f] });
    if (glu) inputs.push({ name: names.wGate, elementType: float, shape: [f, d] });
    inputs.push({ name: names.wUp, elementType: float, shape: [f, d] });
    inputs.push({ name: names.wDown, elementType: float, shape: [d, f] });

    const dHraw = node('MatMul', [gy, names.wDown], local('dh_raw'));
    const rowGrad = node('Mul', [dHraw, names.h], local('dh_raw_h'));
    parts.rowWeightGrad.push(
      node('ReduceSum', [rowGrad, 'reduce_axes'], local('row_weight_grad'), { keepdims: 0 }),
    );
    const dh = node('Mul', [dHraw, names.rowWeight], local('dh'));
    let dGate: string | undefined;
    let dUp: string;
    if (glu) {
      const sigmoid = node('Sigmoid', [names.gate], local('sigmoid'));
      const silu = node('Mul', [names.gate, sigmoid], local('silu'));
      dUp = node('Mul', [dh, silu], local('d_up'));
      const dSilu = node('Mul', [dh, names.up], local('d_silu'));
      dGate = node('Mul', [dSilu, siluDerivative(names.gate, sigmoid, local, node)], local('d_gate'));
    } else if (bank.activation === 'silu') {
      const sigmoid = node('Sigmoid', [names.up], local('sigmoid'));
      dUp = node('Mul', [dh, siluDerivative(names.up, sigmoid, local, node)], local('d_up'));
    } else {
      dUp = node('Mul', [dh, geluTanhDerivative(names.up, local, node, scalar)], local('d_up'));
    }
    // Weight gradients: dW_down = (w gy)^T h, dW_in = dGU^T x (MatMul of a transpose: a zero-row expert
    // gives zeros).
    const weightedGy = node('Mul', [gy, names.rowWeight], local('weighted_gy'));
    const transposed = (input: string) => node('Transpose', [input], `${input}_t`, { perm: [1, 0] });
    wDownParts.push(node('MatMul', [transposed(weightedGy), names.h], local('w_down_grad')));
    wUpParts.push(node('MatMul', [transposed(dUp), x], local('w_up_grad')));
    let xRows = node('MatMul', [dUp, names.wUp], local('x_rows_up'));
    if (dGate) {
      parts.wGateGrad.push(node('MatMul', [transposed(dGate), x], local('w_gate_grad')));
      const fromGate = node('MatMul', [dGate, names.wGate], local('x_rows_gate'));
      xRows = node('Add', [xRows, fromGate], local('x_rows'));
    }
    parts.xRowsGrad.push(xRows);
  }
  const outputs: OnnxGraph['outputs'][number][] = [];
  const concatenate = (pieces: string[], output: string, width: number | undefined) => {
    nodes.push({ opType: 'Concat', inputs: pieces, outputs: [output], attributes: { axis: 0 } });
    outputs.push({
      name: output,
      elementType: float,
      shape: width === undefined ? [`${output}_rows`] : [`${output}_rows`, width],
    });
  };
  concatenate(parts.rowWeightGrad, outputNames.rowWeightGrad, undefined);
  concatenate(parts.xRowsGrad, outputNames.xRowsGrad, d);
  if (glu) concatenate(parts.wGateGrad, outputNames.wGateGrad, d);
  concatenate(wUpParts, outputNames.wUpGrad, d);
  concatenate(wDownParts, outputNames.wDownGrad, f);
  return { name: `anyk_${name}_backward`, nodes, inputs, outputs, initializers };
}

type NodeMaker = (
  opType: string,
  inputs: string[],
  output: string,
  attributes?: OnnxNode['attributes'],
) => string;

/** `silu'(z) = s (1 + z (1 - s))`, `s = sigmoid(z)`. */
function siluDerivative(
  z: string,
  sigmoid: string,
  local: (label: string) => string,
  node: NodeMaker,
): string {
  const oneMinus = node('Sub', ['one', sigmoid], local('one_minus_sigmoid'));
  const product = node('Mul', [z, oneMinus], local('z_one_minus_sigmoid'));
  const onePlus = node('Add', [product, 'one'], local('one_plus'));
  return node('Mul', [sigmoid, onePlus], local('silu_derivative'));
}

/**
 * The reference's GELU-tanh derivative: `0.5 (1 + tanh u) + 0.5 z (1 - tanh^2 u) c (1 + 3 a z^2)`,
 * `u = c (z + a z^3)`, `c = sqrt(2 / pi)`, `a = 0.044715`.
 */
function geluTanhDerivative(
  z: string,
  local: (label: string) => string,
  node: NodeMaker,
  scalar: (label: string, value: number) => string,
): string {
  const c = scalar('gelu_scale', Math.sqrt(2 / Math.PI));
  const a = scalar('gelu_cubic', 0.044715);
  const half = scalar('half', 0.5);
  const square = node('Mul', [z, z], local('square'));
  const cube = node('Mul', [square, z], local('cube'));
  const inner = node('Add', [z, node('Mul', [cube, a], local('a_cube'))], local('inner'));
  const tanh = node('Tanh', [node('Mul', [inner, c], local('u'))], local('tanh'));
  const left = node('Mul', [node('Add', [tanh, 'one'], local('one_plus_tanh')), half], local('left'));
  const sech2 = node('Sub', ['one', node('Mul', [tanh, tanh], local('tanh2'))], local('sech2'));
  const slope = node(
    'Mul',
    [
      node(
        'Add',
        ['one', node('Mul', [square, scalar('three_a', 3 * 0.044715)], local('three_a_z2'))],
        local('slope_inner'),
      ),
      c,
    ],
    local('slope'),
  );
  const right = node(
    'Mul',
    [node('Mul', [node('Mul', [z, half], local('half_z')), sech2], local('half_z_sech2')), slope],
    local('right'),
  );
  return node('Add', [left, right], local('gelu_derivative'));
}
