export { type AdaKConfig, type AdaKRouter, adaK } from './ada-k.ts';
