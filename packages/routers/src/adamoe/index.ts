export { type AdaMoEConfig, type AdaMoERouter, adaMoE } from './adamoe.ts';
