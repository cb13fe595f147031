export {
  bf16ToFloat,
  f16ToFloat,
  floatToBf16,
  floatToF16,
  hasHalfWeights,
  isHalfTensor,
  requireExpertTensor,
  toHalfTensor,
  widenHalfTensor,
  widenLayer,
} from './half-tensor.ts';
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
