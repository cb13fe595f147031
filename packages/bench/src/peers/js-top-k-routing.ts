/** Top-k routing as a user writes it in JS around a peer runtime: token-major, k fixed. */
export interface JsRouting {
  readonly tokens: number;
  readonly k: number;
  /** `[tokens, k]` expert ids, best first. */
  readonly experts: Int32Array;
  /** `[tokens, k]` combine weights: softmax renormalised over the chosen k (Mixtral). */
  readonly weights: Float32Array;
}

/**
 * Softmax top-k with Mixtral's renormalisation, ties to the lower expert id: the same decision as
 * `@anyk/routers/top-k` with `weights: 'renorm'`, so peers and anyk compute the same layer.
 */
export function jsTopKRouting(
  logits: ArrayLike<number>,
  tokens: number,
  experts: number,
  k: number,
): JsRouting {
  const chosen = new Int32Array(tokens * k);
  const weights = new Float32Array(tokens * k);
  const taken = new Uint8Array(experts);
  for (let t = 0; t < tokens; t++) {
    taken.fill(0);
    const base = t * experts;
    let sum = 0;
    for (let slot = 0; slot < k; slot++) {
      let best = -1;
      for (let e = 0; e < experts; e++) {
        if (taken[e] === 1) continue;
        if (best < 0 || logits[base + e]! > logits[base + best]!) best = e;
      }
      taken[best] = 1;
      chosen[t * k + slot] = best;
    }
    // softmax over the chosen logits = softmax over all, renormalised over the chosen.
    const top = logits[base + chosen[t * k]!]!;
    for (let slot = 0; slot < k; slot++) {
      const value = Math.exp(logits[base + chosen[t * k + slot]!]! - top);
      weights[t * k + slot] = value;
      sum += value;
    }
    for (let slot = 0; slot < k; slot++) weights[t * k + slot] = weights[t * k + slot]! / sum;
  }
  return { tokens, k, experts: chosen, weights };
}
