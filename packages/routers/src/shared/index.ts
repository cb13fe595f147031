export {
  expertLoads,
  type RouterFamily,
  type RouterMode,
  type RouterParameterInfo,
  selectionLists,
} from './router-family.ts';
