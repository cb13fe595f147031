export {
  type HfCase,
  type HfLayerExpectation,
  type HfTensor,
  hfFixturesDirectory,
  hfMismatch,
  loadHfCases,
} from './hf-fixtures.ts';
