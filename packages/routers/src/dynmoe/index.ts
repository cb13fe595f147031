export { type DynMoEAdaptiveUpdate, type DynMoEConfig, type DynMoERouter, dynMoE } from './dynmoe.ts';
