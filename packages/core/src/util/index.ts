export { assertInteger, assertNumber, assertTensor, toFloat64 } from './validate.ts';
