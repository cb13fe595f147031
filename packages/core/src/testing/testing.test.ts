import { describe, expect, it } from 'vitest';
import { CorruptFileError } from '../errors/index.ts';
import { checkFixture } from './check-fixture.ts';
import { compareWithTolerance } from './fixtures/compare.ts';
import { findSharedFixtures } from './find-shared-fixtures.ts';
import { loadFixtures, parseFixture } from './fixtures/fixture.ts';

const minimal = {
  format: 'anyk-fixture/1',
  id: 'top-k/x',
  family: 'top-k',
  description: '',
  router: { kind: 'top-k', num_experts: 2, k: 1, weights: 'raw' },
  inputs: { logits: { shape: [1, 2], data: [0, 1] } },
  expect: { selection: [[1]], weights: [[0.7310585786]] },
  tolerance: { abs: 1e-5, rel: 1e-4 },
};

describe('fixture loader', () => {
  it('loads every shared fixture', async () => {
    const directory = findSharedFixtures();
    expect(directory).toBeDefined();
    const fixtures = await loadFixtures(directory as string);
    expect(fixtures.length).toBeGreaterThan(100);
    expect(new Set(fixtures.map((fixture) => fixture.family)).size).toBe(13);
  });
  it('rejects corrupt files with a typed error naming the problem', () => {
    expect(() => parseFixture('{', 'a.json')).toThrow(CorruptFileError);
    expect(() => parseFixture(JSON.stringify({ ...minimal, format: 'x' }))).toThrow(/format/);
    expect(() =>
      parseFixture(JSON.stringify({ ...minimal, inputs: { logits: { shape: [2, 2], data: [0, 1] } } })),
    ).toThrow(/2 values for shape \[2, 2\]/);
  });
});

describe('comparison rule of fixtures README §5', () => {
  it('scales the absolute part by the largest expected magnitude', () => {
    expect(compareWithTolerance([100.0005], [100], { abs: 1e-5, rel: 0 }).ok).toBe(true);
    expect(compareWithTolerance([100.002], [100], { abs: 1e-5, rel: 0 }).ok).toBe(false);
    expect(compareWithTolerance([Number.NaN], [0], { abs: 1, rel: 1 }).ok).toBe(false);
  });
  it('a case with a missing expectation fails unless the part is listed as skipped', () => {
    const fixture = parseFixture(JSON.stringify(minimal));
    expect(checkFixture(fixture, { selection: [[1]] }, 'b').status).toBe('fail');
    expect(checkFixture(fixture, { selection: [[1]], skipped: { weights: 'later' } }, 'b').status).toBe(
      'skip',
    );
    expect(checkFixture(fixture, { selection: [[1]], weights: [[0.73105858]] }, 'b').status).toBe('pass');
    expect(checkFixture(fixture, { selection: [[0]], weights: [[0.73105858]] }, 'b').detail).toMatch(
      /token 0/,
    );
  });
});
