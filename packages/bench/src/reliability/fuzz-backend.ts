import type { KernelBackendV1 } from '@anyk/core';
import fc from 'fast-check';
import { compareWithReference } from './compare-with-reference.ts';
import {
  buildLayerCase,
  type FuzzFamily,
  fuzzFamilies,
  fuzzMagnitudes,
  type LayerCaseRecipe,
} from './random-layer-case.ts';

/** Size limits of the random cases: small on SwiftShader, larger where arithmetic is cheap. */
export interface FuzzShapeLimits {
  readonly maxTokens: number;
  readonly maxD: number;
  readonly maxF: number;
  readonly maxExperts: number;
}

export const defaultShapeLimits: FuzzShapeLimits = { maxTokens: 9, maxD: 19, maxF: 13, maxExperts: 8 };
/**
 * WebGPU on SwiftShader: tiny shapes. Its kernels bake shapes (d, f, E, k, the rule, the row capacity)
 * into their WGSL, and compiling a new kernel set costs seconds on SwiftShader while a case whose kernels
 * are cached takes about 0.1 s; this few shapes (T 1..3, d 1..3, f 1..2, E 2..3) let the cache serve
 * nearly every case of a long run. T = 1, odd sizes and d not a multiple of 4 stay in.
 */
export const smallShapeLimits: FuzzShapeLimits = { maxTokens: 3, maxD: 3, maxF: 2, maxExperts: 3 };

/**
 * The recipes of differential cases: every family, T = 1 and odd sizes, d not a multiple of 4, every
 * magnitude from 1e-4 to 1e3 and mixed, exact ties and all-zero rows, both dtypes. fast-check shrinks a
 * failing recipe towards fewer tokens, smaller sizes and the first listed magnitude and tie mode.
 */
export function layerCaseRecipes(
  limits: FuzzShapeLimits = defaultShapeLimits,
  families: readonly FuzzFamily[] = fuzzFamilies,
): fc.Arbitrary<LayerCaseRecipe> {
  return fc.record({
    family: fc.constantFrom(...families),
    seed: fc.nat(),
    tokens: fc.integer({ min: 1, max: limits.maxTokens }),
    d: fc.integer({ min: 1, max: limits.maxD }),
    f: fc.integer({ min: 1, max: limits.maxF }),
    experts: fc.integer({ min: 2, max: limits.maxExperts }),
    expert: fc.constantFrom('swiglu' as const, 'silu' as const, 'gelu' as const),
    magnitude: fc.constantFrom(1 as const, ...fuzzMagnitudes.filter((value) => value !== 1)),
    ties: fc.constantFrom('none' as const, 'pair' as const, 'row' as const),
    dtype: fc.constantFrom('float32' as const, 'float64' as const),
  });
}

export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  readonly limits?: FuzzShapeLimits | undefined;
  readonly families?: readonly FuzzFamily[] | undefined;
  /** Called after each case (progress bars). */
  readonly onCase?: ((index: number, mismatch: string | undefined) => void) | undefined;
}

export interface FuzzMismatch {
  readonly recipe: LayerCaseRecipe;
  readonly detail: string;
}

export interface FuzzReport {
  readonly backend: string;
  readonly cases: number;
  readonly seed: number;
  readonly mismatches: readonly FuzzMismatch[];
  /** The first mismatch shrunk by fast-check to a smaller recipe that still disagrees. */
  readonly shrunk?: FuzzMismatch | undefined;
}

/**
 * Differential fuzzing of `backend` against the float64 reference: `cases` recipes drawn from `seed`
 * (the same seed gives the same cases), every mismatch listed, the first one shrunk.
 */
export async function fuzzBackend(
  backend: KernelBackendV1,
  reference: KernelBackendV1,
  options: FuzzOptions,
): Promise<FuzzReport> {
  const recipes = layerCaseRecipes(options.limits, options.families);
  const drawn = fc.sample(recipes, { seed: options.seed, numRuns: options.cases });
  const mismatches: FuzzMismatch[] = [];
  for (const [index, recipe] of drawn.entries()) {
    const detail = await compareWithReference(backend, reference, buildLayerCase(recipe));
    if (detail !== undefined) mismatches.push({ recipe, detail });
    options.onCase?.(index, detail);
  }
  const first = mismatches[0];
  const shrunk = first ? await shrinkMismatch(backend, reference, recipes, first) : undefined;
  return { backend: backend.name, cases: drawn.length, seed: options.seed, mismatches, shrunk };
}

/** Lets fast-check shrink a failing recipe; returns the smallest one that still disagrees. */
async function shrinkMismatch(
  backend: KernelBackendV1,
  reference: KernelBackendV1,
  recipes: fc.Arbitrary<LayerCaseRecipe>,
  mismatch: FuzzMismatch,
): Promise<FuzzMismatch> {
  let smallest = mismatch;
  const property = fc.asyncProperty(recipes, async (recipe) => {
    const detail = await compareWithReference(backend, reference, buildLayerCase(recipe));
    if (detail !== undefined) smallest = { recipe, detail };
    return detail === undefined;
  });
  await fc.check(property, { examples: [[mismatch.recipe]], numRuns: 1, endOnFailure: false });
  return smallest;
}

/** A recipe as one line, for logs and the CLI's counterexample. */
export function formatRecipe(recipe: LayerCaseRecipe): string {
  return JSON.stringify(recipe);
}
