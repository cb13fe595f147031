export { type TopKConfig, type TopKRouter, topK } from './top-k.ts';
