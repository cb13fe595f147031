export { seededRandom } from './seeded-random.ts';
export { mean, pearson, ranks, spearman, standardDeviation } from './statistics.ts';
export { assertInteger, assertNumber, assertTensor, toFloat32, toFloat64 } from './validate.ts';
