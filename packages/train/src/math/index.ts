export { type AttentionShape, causalAttentionBackward, causalAttentionForward } from './causal-attention.ts';
export { crossEntropy } from './cross-entropy.ts';
export { matmul, matmulTransposedA, matmulTransposedB } from './matmul.ts';
export { rmsNormBackward, rmsNormForward } from './rms-norm.ts';
