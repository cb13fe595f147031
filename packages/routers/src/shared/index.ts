export {
  expertLoads,
  type RouterFamily,
  type RouterMode,
  type RouterParameterInfo,
  selectionLists,
} from './router-family.ts';
export {
  checkBoolean,
  checkInteger,
  checkNumber,
  checkOneOf,
  checkZeroComputation,
} from './validate-config.ts';
