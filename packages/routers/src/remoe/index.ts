export { type ReMoEConfig, type ReMoERouter, reMoE } from './remoe.ts';
