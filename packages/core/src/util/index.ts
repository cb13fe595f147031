export { seededRandom } from './seeded-random.ts';
export { assertInteger, assertNumber, assertTensor, toFloat32, toFloat64 } from './validate.ts';
