import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorruptFileError } from '../errors/index.ts';
import { createReferenceBackend } from '../reference/create-reference-backend.ts';
import { checkFixture, runConformance } from './check-fixture.ts';
import { findFixtures } from './find-fixtures.ts';
import { compareWithTolerance } from './fixtures/compare.ts';
import { loadFixtures, parseFixture } from './fixtures/fixture.ts';
import { listHfFixtures } from './fixtures/list-hf-fixtures.ts';
import { PENDING_FIXTURES, pendingFixtureReason } from './pending-fixtures.ts';

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
  it('loads every fixture of the in-repo copy (or ANYK_FIXTURES), hf/ left to listHfFixtures', async () => {
    const directory = findFixtures();
    expect(directory).toBeDefined();
    const fixtures = await loadFixtures(directory as string);
    expect(fixtures.length).toBeGreaterThan(100);
    expect(new Set(fixtures.map((fixture) => fixture.family)).size).toBe(13);
    expect(fixtures.some((fixture) => fixture.id.startsWith('hf/'))).toBe(false);
    const hf = await listHfFixtures(directory as string);
    expect(hf.length).toBeGreaterThanOrEqual(6);
    expect(hf.every((entry) => /^hf\/[a-z0-9_]+\/[a-z0-9-]+$/.test(entry.id))).toBe(true);
  });
  it('fails loudly on a folder that is not a family and on a non-json file in a family', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'anyk-loader-'));
    try {
      await mkdir(join(directory, 'top-k'));
      await writeFile(join(directory, 'top-k', 'x.json'), JSON.stringify(minimal));
      await writeFile(join(directory, 'top-k', 'notes.txt'), '');
      await expect(loadFixtures(directory)).rejects.toThrow(/notes\.txt.*not a <case>\.json/);
      await rm(join(directory, 'top-k', 'notes.txt'));
      expect(await loadFixtures(directory)).toHaveLength(1);
      await mkdir(join(directory, 'brand-new-family'));
      await expect(loadFixtures(directory)).rejects.toThrow(/brand-new-family.*not a known fixture family/);
      await mkdir(join(directory, 'hf', 'mixtral', 'case'), { recursive: true });
      await expect(listHfFixtures(directory)).rejects.toThrow(/case.*no config\.json/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
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

describe('pending fixtures', () => {
  const table = [
    { pattern: 'uni-moe-2/*', reason: 'family pending' },
    { pattern: '*/layer-shared*', reason: 'shared pending', lanes: ['node'] },
  ];
  it('matches ids by pattern and lane', () => {
    expect(pendingFixtureReason('uni-moe-2/single-token', 'reference', table)).toBe('family pending');
    expect(pendingFixtureReason('top-k/layer-shared-sigmoid-x', 'node', table)).toBe('shared pending');
    expect(pendingFixtureReason('top-k/layer-shared-sigmoid-x', 'reference', table)).toBeUndefined();
    expect(pendingFixtureReason('top-k/layer-d8', 'node', table)).toBeUndefined();
    expect(pendingFixtureReason('uni-moe-2x/a', 'node', table)).toBeUndefined();
    expect(PENDING_FIXTURES.every((entry) => entry.reason.length > 0)).toBe(true);
  });
  it('a pending fixture that fails is a skip with the listed reason; one that passes stays a pass, flagged', async () => {
    const backend = await createReferenceBackend();
    const fixture = parseFixture(JSON.stringify(minimal));
    const pending = [{ pattern: 'top-k/*', reason: 'listed' }];
    const [failing] = await runConformance([fixture], backend, async () => ({ selection: [[0]] }), {
      pending,
    });
    expect(failing).toMatchObject({ status: 'skip', pending: 'listed' });
    expect(failing?.detail).toMatch(/^pending: listed \(selection: token 0/);
    const [passing] = await runConformance(
      [fixture],
      backend,
      async () => ({ selection: [[1]], weights: [[0.73105858]] }),
      { pending },
    );
    expect(passing).toMatchObject({ status: 'pass', pending: 'listed' });
    const [unlisted] = await runConformance([fixture], backend, async () => ({ selection: [[0]] }), {
      pending: [],
    });
    expect(unlisted?.status).toBe('fail');
    await backend.dispose();
  });
  it('checks shared-expert weights when a fixture expects them', () => {
    const fixture = parseFixture(
      JSON.stringify({
        ...minimal,
        expect: { ...minimal.expect, shared_weights: { shape: [1, 1], data: [0.5] } },
      }),
    );
    const base = { selection: [[1]], weights: [[0.73105858]] };
    expect(checkFixture(fixture, base, 'b').detail).toMatch(/shared_weights: not produced/);
    expect(checkFixture(fixture, { ...base, sharedWeights: [0.5] }, 'b').status).toBe('pass');
    expect(checkFixture(fixture, { ...base, sharedWeights: [0.6] }, 'b').status).toBe('fail');
  });
});
