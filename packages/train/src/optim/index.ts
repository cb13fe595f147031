export { type AdamWConfig, adamWStep, clipGradientNorm, learningRateAt } from './adamw.ts';
