import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findFixtures, HF_FIXTURES_FOLDER } from '@anyk/core/testing';

export interface FixtureTensor {
  readonly shape: number[];
  readonly data: number[];
  readonly dtype?: string;
}

export interface FixtureFile {
  readonly id: string;
  readonly family: string;
  readonly description: string;
  readonly router: Record<string, unknown> & { losses?: Record<string, Record<string, unknown>> };
  readonly layer?: { d: number; f: number; num_experts: number; expert: string };
  readonly inputs: Record<string, FixtureTensor>;
  readonly expect: {
    losses?: Record<string, { value: number; grad: Record<string, FixtureTensor> }>;
    state?: Record<string, FixtureTensor>;
  };
  readonly tolerance: { abs: number; rel: number };
}

/** The fixtures folder (core's lookup: the repository's `fixtures/`, or `ANYK_FIXTURES`). */
export function findFixturesDirectory(): string {
  const directory = findFixtures(import.meta.url);
  if (directory === undefined)
    throw new Error(
      'the repository fixtures/ folder was not found above the losses package (or set ANYK_FIXTURES)',
    );
  return directory;
}

/** Every `anyk-fixture/1` file, parsed, in a stable order (`hf/` holds another format and is left out). */
export function loadFixtureFiles(): FixtureFile[] {
  const root = findFixturesDirectory();
  const files: FixtureFile[] = [];
  for (const family of readdirSync(root).sort()) {
    const folder = join(root, family);
    if (family === HF_FIXTURES_FOLDER || !statSync(folder).isDirectory()) continue;
    for (const name of readdirSync(folder).sort()) {
      if (!name.endsWith('.json')) continue;
      files.push(JSON.parse(readFileSync(join(folder, name), 'utf8')) as FixtureFile);
    }
  }
  return files;
}

/**
 * The fixtures' comparison rule (README §5): `|a - e| <= abs * max(1, M) + rel * |e|`, M = largest |e| of the
 * tensor. Returns a message describing the worst element, or undefined when everything is within tolerance.
 */
export function toleranceViolation(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: { abs: number; rel: number },
): string | undefined {
  if (actual.length !== expected.length) return `length ${actual.length} vs expected ${expected.length}`;
  let scale = 0;
  for (let index = 0; index < expected.length; index++) scale = Math.max(scale, Math.abs(expected[index]!));
  for (let index = 0; index < expected.length; index++) {
    const want = expected[index]!;
    const got = actual[index]!;
    const allowance = tolerance.abs * Math.max(1, scale) + tolerance.rel * Math.abs(want);
    if (!(Math.abs(got - want) <= allowance)) {
      return `element ${index}: got ${got}, expected ${want} (allowance ${allowance.toExponential(2)})`;
    }
  }
  return undefined;
}
