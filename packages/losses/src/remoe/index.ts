export { type L1BalancedOptions, type L1PlainOptions, l1BalancedLoss, l1PlainLoss } from './l1-losses.ts';
