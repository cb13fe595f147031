import { jsTopKRouting } from './js-top-k-routing.ts';

/** What a runtime supplies to the per-expert loop: its router product and one expert's SwiGLU FFN. */
export interface PerExpertLoopRuntime {
  /** `[tokens, experts]` router logits of `x [tokens, d]`. */
  routerLogits(x: Float32Array, tokens: number): Promise<ArrayLike<number>>;
  /** Expert `expert`'s SwiGLU FFN over its gathered rows `[rows, d]`, returning `[rows, d]`. */
  expertForward(expert: number, gathered: Float32Array, rows: number): Promise<ArrayLike<number>>;
}

/**
 * One MoE layer forward the way a user writes it around a runtime without a sparse MoE operator
 * (onnxruntime-node, onnxruntime-web, tfjs): router logits in the runtime, top-k in JS, then for each expert
 * gather its tokens' rows, run that expert's FFN, and scatter-add the weighted rows. Every peer loop of the
 * bench goes through this one function, so their rows time the same glue around different matrix engines.
 */
export async function perExpertLoopForward(
  runtime: PerExpertLoopRuntime,
  shape: { readonly d: number; readonly experts: number; readonly k: number },
  x: Float32Array,
  tokens: number,
): Promise<Float32Array> {
  const { d, experts, k } = shape;
  const logits = await runtime.routerLogits(x, tokens);
  const routing = jsTopKRouting(logits, tokens, experts, k);
  const y = new Float32Array(tokens * d);
  const counts = new Int32Array(experts);
  for (const expert of routing.experts) counts[expert] = counts[expert]! + 1;
  for (let expert = 0; expert < experts; expert++) {
    const rows = counts[expert]!;
    if (rows === 0) continue;
    const gathered = new Float32Array(rows * d);
    const rowToken = new Int32Array(rows);
    const rowWeight = new Float32Array(rows);
    let row = 0;
    for (let slot = 0; slot < tokens * k; slot++) {
      if (routing.experts[slot] !== expert) continue;
      const token = Math.floor(slot / k);
      gathered.set(x.subarray(token * d, (token + 1) * d), row * d);
      rowToken[row] = token;
      rowWeight[row] = routing.weights[slot]!;
      row++;
    }
    const expertY = await runtime.expertForward(expert, gathered, rows);
    for (let r = 0; r < rows; r++) {
      const base = rowToken[r]! * d;
      const weight = rowWeight[r]!;
      for (let i = 0; i < d; i++) y[base + i] = y[base + i]! + weight * expertY[r * d + i]!;
    }
  }
  return y;
}
