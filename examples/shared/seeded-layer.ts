import type { MoeLayerV1, RouterSpecV1 } from '@anyk/core';

/** A small deterministic generator (mulberry32), so every run checks the same numbers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

function filled(length: number, next: () => number, scale: number): Float32Array {
  return Float32Array.from({ length }, () => next() * scale);
}

/** A SwiGLU layer of `numExperts` experts routed by `spec`, with seeded weights. */
export function seededLayer(spec: RouterSpecV1, d: number, f: number, seed: number): MoeLayerV1 {
  const next = seededRandom(seed);
  const experts = spec.numExperts;
  return {
    spec,
    weights: {
      d,
      f,
      expert: { kind: 'swiglu' },
      router: filled(experts * d, next, 1),
      wGate: filled(experts * f * d, next, 0.5),
      wUp: filled(experts * f * d, next, 0.5),
      wDown: filled(experts * d * f, next, 0.5),
    },
  };
}
