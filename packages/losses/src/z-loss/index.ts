export { type CoefficientOption, type LogitsInput, zLoss } from './z-loss.ts';
