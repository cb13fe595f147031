import type { ExpertKindV1, FloatArray } from '../contracts/layer-v1.ts';

const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));
const silu = (value: number): number => value * sigmoid(value);
const siluDerivative = (value: number): number => {
  const s = sigmoid(value);
  return s * (1 + value * (1 - s));
};
const geluConstant = Math.sqrt(2 / Math.PI);
/** GELU, tanh approximation (GPT-2 / `gelu_pytorch_tanh`). */
const gelu = (value: number): number =>
  0.5 * value * (1 + Math.tanh(geluConstant * (value + 0.044715 * value ** 3)));
const geluDerivative = (value: number): number => {
  const inner = geluConstant * (value + 0.044715 * value ** 3);
  const tanh = Math.tanh(inner);
  return (
    0.5 * (1 + tanh) + 0.5 * value * (1 - tanh * tanh) * geluConstant * (1 + 3 * 0.044715 * value * value)
  );
};

/** The activation of an expert kind and its derivative. */
export function expertActivation(kind: ExpertKindV1): {
  apply: (v: number) => number;
  derivative: (v: number) => number;
} {
  if (kind.kind === 'mlp' && kind.activation === 'gelu') return { apply: gelu, derivative: geluDerivative };
  return { apply: silu, derivative: siluDerivative };
}

/** Weights of one expert, as views into the stacked `[E, f, d]` / `[E, d, f]` tensors. */
export interface ExpertWeights {
  readonly kind: ExpertKindV1;
  readonly d: number;
  readonly f: number;
  readonly expert: number;
  readonly wGate?: FloatArray | undefined;
  readonly wUp: FloatArray;
  readonly wDown: FloatArray;
}

/** Intermediates of one expert on one input vector (kept for the backward pass). */
export interface ExpertActivations {
  /** `[f]` W_gate x (SwiGLU only). */
  readonly gatePre?: Float64Array | undefined;
  /** `[f]` W_up x. */
  readonly upPre: Float64Array;
  /** `[f]` the hidden vector fed to W_down. */
  readonly hidden: Float64Array;
  /** `[d]` the expert output (before the combine weight). */
  readonly output: Float64Array;
}

/** `FFN_e(x)` in float64: `W_down (silu(W_gate x) * (W_up x))` or `W_down act(W_up x)`. */
export function expertForward(
  weights: ExpertWeights,
  input: ArrayLike<number>,
  inputOffset: number,
): ExpertActivations {
  const { d, f, expert, wUp, wDown, wGate, kind } = weights;
  const activation = expertActivation(kind);
  const upPre = new Float64Array(f);
  const gatePre = kind.kind === 'swiglu' ? new Float64Array(f) : undefined;
  const hidden = new Float64Array(f);
  for (let j = 0; j < f; j++) {
    let up = 0;
    let gate = 0;
    const rowBase = (expert * f + j) * d;
    for (let i = 0; i < d; i++) {
      const value = input[inputOffset + i]!;
      up += wUp[rowBase + i]! * value;
      if (gatePre && wGate) gate += wGate[rowBase + i]! * value;
    }
    upPre[j] = up;
    if (gatePre) {
      gatePre[j] = gate;
      hidden[j] = activation.apply(gate) * up;
    } else {
      hidden[j] = activation.apply(up);
    }
  }
  const output = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = 0;
    const rowBase = (expert * d + i) * f;
    for (let j = 0; j < f; j++) sum += wDown[rowBase + j]! * hidden[j]!;
    output[i] = sum;
  }
  return { gatePre, upPre, hidden, output };
}

/**
 * Backward of one expert for output cotangent `outputGrad [d]`: accumulates into the stacked weight
 * gradients and into `inputGrad [d]` at `inputOffset`.
 */
export function expertBackward(
  weights: ExpertWeights,
  input: ArrayLike<number>,
  inputOffset: number,
  activations: ExpertActivations,
  outputGrad: Float64Array,
  grads: { wGate?: Float64Array | undefined; wUp: Float64Array; wDown: Float64Array; input: Float64Array },
): void {
  const { d, f, expert, wUp, wDown, wGate, kind } = weights;
  const activation = expertActivation(kind);
  const hiddenGrad = new Float64Array(f);
  for (let i = 0; i < d; i++) {
    const upstream = outputGrad[i]!;
    if (upstream === 0) continue;
    const rowBase = (expert * d + i) * f;
    for (let j = 0; j < f; j++) {
      hiddenGrad[j] = hiddenGrad[j]! + upstream * wDown[rowBase + j]!;
      grads.wDown[rowBase + j] = grads.wDown[rowBase + j]! + upstream * activations.hidden[j]!;
    }
  }
  for (let j = 0; j < f; j++) {
    const rowBase = (expert * f + j) * d;
    let upGrad: number;
    let gateGrad = 0;
    if (activations.gatePre && wGate && grads.wGate) {
      const gate = activations.gatePre[j]!;
      upGrad = hiddenGrad[j]! * activation.apply(gate);
      gateGrad = hiddenGrad[j]! * activations.upPre[j]! * activation.derivative(gate);
    } else {
      upGrad = hiddenGrad[j]! * activation.derivative(activations.upPre[j]!);
    }
    for (let i = 0; i < d; i++) {
      const value = input[inputOffset + i]!;
      grads.wUp[rowBase + i] = grads.wUp[rowBase + i]! + upGrad * value;
      grads.input[inputOffset + i] = grads.input[inputOffset + i]! + upGrad * wUp[rowBase + i]!;
      if (gateGrad !== 0 && wGate && grads.wGate) {
        grads.wGate[rowBase + i] = grads.wGate[rowBase + i]! + gateGrad * value;
        grads.input[inputOffset + i] = grads.input[inputOffset + i]! + gateGrad * wGate[rowBase + i]!;
      }
    }
  }
}
