export { type LongCatConfig, type LongCatRouter, longCat } from './longcat.ts';
