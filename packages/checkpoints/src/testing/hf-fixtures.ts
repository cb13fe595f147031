import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFixtures } from '@anyk/core/testing';

/** A tensor as the fixtures store it. */
export interface HfTensor {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

/** One MoE layer's expectations (`hf/README.md` section 3). */
export interface HfLayerExpectation {
  readonly layer: number;
  readonly tensors: Readonly<Record<string, unknown>>;
  readonly input: HfTensor;
  readonly router_logits: HfTensor;
  readonly selected_experts: readonly (readonly number[])[];
  readonly routing_weights: readonly (readonly number[])[];
  readonly output: HfTensor;
  readonly shared_expert_gate?: HfTensor;
  readonly group_limited_out_selected?: readonly (readonly number[])[];
}

/** `expected.json` of one `anyk-hf-fixture/1` case. */
export interface HfCase {
  readonly id: string;
  readonly directory: string;
  readonly model_type: string;
  readonly checkpoint: {
    readonly files: readonly string[];
    readonly index: string | null;
    readonly dtype: string;
    readonly tensor_dtypes: Readonly<Record<string, number>>;
    readonly num_tensors: number;
  };
  readonly num_layers: number;
  readonly moe_layers: readonly number[];
  readonly dense_layers: readonly number[];
  readonly layers: readonly HfLayerExpectation[];
  readonly tolerance: { readonly abs: number; readonly rel: number };
}

/**
 * The one place that decides where the `hf/` fixtures are: `hf/` of core's `findFixtures` (the repository's
 * `fixtures/` copy, or `ANYK_FIXTURES`). Throws when there is none, so a missing folder fails loudly
 * instead of skipping.
 */
export function hfFixturesDirectory(): string {
  const fixtures = findFixtures(import.meta.url);
  if (fixtures === undefined || !existsSync(join(fixtures, 'hf', 'README.md')))
    throw new Error(`no hf/ fixtures: the repository's fixtures/hf is missing and ANYK_FIXTURES is unset`);
  return join(fixtures, 'hf');
}

/** Every case under `hf/<model_type>/<case>/`, sorted by id. */
export function loadHfCases(root = hfFixturesDirectory()): HfCase[] {
  const cases: HfCase[] = [];
  for (const modelType of readdirSync(root, { withFileTypes: true })) {
    if (!modelType.isDirectory()) continue;
    for (const entry of readdirSync(join(root, modelType.name), { withFileTypes: true })) {
      const directory = join(root, modelType.name, entry.name);
      // A stray file or a case without its expectations fails loudly: a new case is never skipped silently.
      if (!entry.isDirectory() || !existsSync(join(directory, 'expected.json')))
        throw new Error(`${directory}: not an hf/ case folder with an expected.json`);
      const parsed = JSON.parse(readFileSync(join(directory, 'expected.json'), 'utf8')) as Omit<
        HfCase,
        'directory'
      >;
      cases.push({ ...parsed, directory });
    }
  }
  return cases.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The `hf/` comparison rule (README section 5): `|actual - expected| <= abs * M + rel * |expected|`, with M
 * the largest `|expected|` of the tensor. Returns a message for the worst violation, or undefined.
 */
export function hfMismatch(
  name: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: { readonly abs: number; readonly rel: number },
): string | undefined {
  if (actual.length !== expected.length)
    return `${name}: length ${actual.length}, expected ${expected.length}`;
  let scale = 0;
  for (let index = 0; index < expected.length; index++) scale = Math.max(scale, Math.abs(expected[index]!));
  for (let index = 0; index < expected.length; index++) {
    const want = expected[index]!;
    const got = actual[index]!;
    if (!(Math.abs(got - want) <= tolerance.abs * scale + tolerance.rel * Math.abs(want)))
      return `${name}[${index}]: ${got}, expected ${want}`;
  }
  return undefined;
}
