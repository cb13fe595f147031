export { seededRandom } from './seeded-random.ts';
export { mean, pearson, ranks, spearman, standardDeviation } from './statistics.ts';
export {
  type NumberRange,
  requireBoolean,
  requireInteger,
  requireListOf,
  requireMask,
  requireNumber,
  requireObject,
  requireOneOf,
  requireTensor,
  toFloat32,
  toFloat64,
} from './validate.ts';
