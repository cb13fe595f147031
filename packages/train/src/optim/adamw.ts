import type { TensorStore } from '../model/parameter-store.ts';

/** AdamW hyper-parameters (Loshchilov & Hutter: weight decay decoupled from the adaptive step). */
export interface AdamWConfig {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
}

/**
 * One AdamW step over every tensor of `parameters`, in store order: `m, v` updated with `grads`, then
 * `p -= lr (m̂ / (sqrt(v̂) + eps) + wd p)`. Weight decay applies to matrices only (tensors of rank >= 2),
 * not to norm gains, thresholds or vectors, as is usual for transformers. `step` is 1-based.
 */
export function adamWStep(
  parameters: TensorStore,
  grads: TensorStore,
  firstMoment: TensorStore,
  secondMoment: TensorStore,
  step: number,
  learningRate: number,
  config: AdamWConfig,
  /** Updates only the tensors this accepts (Ada-K's allocators have an optimizer step of their own). */
  include: (name: string) => boolean = () => true,
): void {
  const correction1 = 1 - config.beta1 ** step;
  const correction2 = 1 - config.beta2 ** step;
  for (const tensor of parameters.entries()) {
    if (!include(tensor.name)) continue;
    const gradient = grads.get(tensor.name);
    const m = firstMoment.get(tensor.name);
    const v = secondMoment.get(tensor.name);
    const decay = tensor.shape.length >= 2 ? config.weightDecay : 0;
    const data = tensor.data;
    for (let index = 0; index < data.length; index++) {
      const g = gradient[index]!;
      const mNext = config.beta1 * m[index]! + (1 - config.beta1) * g;
      const vNext = config.beta2 * v[index]! + (1 - config.beta2) * g * g;
      m[index] = mNext;
      v[index] = vNext;
      const value = data[index]!;
      data[index] =
        value -
        learningRate *
          (mNext / correction1 / (Math.sqrt(vNext / correction2) + config.epsilon) + decay * value);
    }
  }
}

/** Scales `grads` in place so their global L2 norm is at most `maxNorm`; returns the norm before clipping. */
export function clipGradientNorm(grads: TensorStore, maxNorm: number): number {
  let sumSquares = 0;
  for (const tensor of grads.entries()) {
    for (let index = 0; index < tensor.data.length; index++) sumSquares += tensor.data[index]! ** 2;
  }
  const norm = Math.sqrt(sumSquares);
  if (maxNorm > 0 && norm > maxNorm) {
    const scale = maxNorm / norm;
    for (const tensor of grads.entries()) {
      for (let index = 0; index < tensor.data.length; index++)
        tensor.data[index] = tensor.data[index]! * scale;
    }
  }
  return norm;
}

/**
 * Linear warm-up to `peak` over `warmupSteps`, then cosine decay to `minimum` at `totalSteps`. `step` is
 * 1-based (the step about to be taken).
 */
export function learningRateAt(
  step: number,
  schedule: {
    readonly peak: number;
    readonly minimum: number;
    readonly warmupSteps: number;
    readonly totalSteps: number;
  },
): number {
  const { peak, minimum, warmupSteps, totalSteps } = schedule;
  if (warmupSteps > 0 && step <= warmupSteps) return (peak * step) / warmupSteps;
  const span = Math.max(1, totalSteps - warmupSteps);
  const progress = Math.min(1, Math.max(0, (step - warmupSteps) / span));
  return minimum + 0.5 * (peak - minimum) * (1 + Math.cos(Math.PI * progress));
}
