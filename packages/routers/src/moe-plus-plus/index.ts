export { type MoEPlusPlusConfig, type MoEPlusPlusRouter, moePlusPlus } from './moe-plus-plus.ts';
