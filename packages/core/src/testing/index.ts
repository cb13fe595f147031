export {
  type ConformanceActuals,
  type ConformanceEvaluator,
  type ConformanceResult,
  checkFixture,
  runConformance,
  summariseConformance,
} from './check-fixture.ts';
export { type Comparison, compareWithTolerance } from './fixtures/compare.ts';
export {
  type Fixture,
  type FixtureExpectations,
  type FixtureTensor,
  loadFixtures,
  parseFixture,
} from './fixtures/fixture.ts';
export { findSharedFixtures } from './find-shared-fixtures.ts';
