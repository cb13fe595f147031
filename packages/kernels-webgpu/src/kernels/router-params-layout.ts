/**
 * Offsets (in f32 elements) of the packed router-parameter buffer the routing kernels read:
 * `[selectionBias (candidates) | thresholds (E) | mask (E) | gain (E) | predicted k (T)]`. Packing keeps the
 * routing kernel within the default 8 storage buffers per stage; absent parameters hold their neutral value
 * (bias 0, mask 1, gain 1), which leaves every score bit-identical to not applying them.
 */
export function routerParamsLayout(experts: number, candidates: number) {
  return {
    bias: 0,
    thresholds: candidates,
    mask: candidates + experts,
    gain: candidates + 2 * experts,
    predictedK: candidates + 3 * experts,
  } as const;
}
