export { type BlockFFNConfig, type BlockFFNRouter, blockFFN } from './blockffn.ts';
