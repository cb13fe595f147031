export {
  type ConformanceActuals,
  type ConformanceEvaluator,
  type ConformanceResult,
  checkFixture,
  runConformance,
  summariseConformance,
} from './check-fixture.ts';
export { findFixtures, findSharedFixtures } from './find-fixtures.ts';
export { type Comparison, compareWithTolerance } from './fixtures/compare.ts';
export {
  type Fixture,
  type FixtureExpectations,
  type FixtureTensor,
  HF_FIXTURES_FOLDER,
  loadFixtures,
  parseFixture,
} from './fixtures/fixture.ts';
export { type HfFixtureCase, listHfFixtures } from './fixtures/list-hf-fixtures.ts';
export { PENDING_FIXTURES, type PendingFixture, pendingFixtureReason } from './pending-fixtures.ts';
export { type ReferenceOnSelection, referenceOnSelection } from './reference-on-selection.ts';
