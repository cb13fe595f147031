export { entropyLoss } from './entropy-loss.ts';
