import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Walks up from this file until a directory containing `shared/fixtures` (or `../shared/fixtures`) appears. */
export function findFixturesDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const candidate of [
      join(directory, 'shared', 'fixtures'),
      join(directory, '..', 'shared', 'fixtures'),
    ]) {
      if (existsSync(join(candidate, 'README.md'))) return candidate;
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error('shared/fixtures not found above the losses package');
    directory = parent;
  }
}

/** Every fixture file, parsed, in a stable order. */
export function loadFixtureFiles(): FixtureFile[] {
  const root = findFixturesDirectory();
  const files: FixtureFile[] = [];
  for (const family of readdirSync(root).sort()) {
    const folder = join(root, family);
    if (!statSync(folder).isDirectory()) continue;
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
  for (let index = 0; index < expected.length; index++)
    scale = Math.max(scale, Math.abs(expected[index] as number));
  for (let index = 0; index < expected.length; index++) {
    const want = expected[index] as number;
    const got = actual[index] as number;
    const allowance = tolerance.abs * Math.max(1, scale) + tolerance.rel * Math.abs(want);
    if (!(Math.abs(got - want) <= allowance)) {
      return `element ${index}: got ${got}, expected ${want} (allowance ${allowance.toExponential(2)})`;
    }
  }
  return undefined;
}
