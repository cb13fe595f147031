import { assertInteger, createReferenceBackend } from '@anyk/core';
import { createBackend } from '../backends/create-backend.ts';
import {
  defaultShapeLimits,
  formatRecipe,
  fuzzBackend,
  smallShapeLimits,
} from '../reliability/fuzz-backend.ts';
import { type FuzzFamily, fuzzFamilies } from '../reliability/random-layer-case.ts';
import { checkOptions, parseArgs } from './parse-args.ts';
import { InvalidArgumentError } from '@anyk/core';

/**
 * `anyk fuzz --backend <name> [--cases n] [--seed s] [--family a,b] [--small]`: differential fuzzing of
 * one backend against the float64 reference (forward, and backward where the backend has it). Prints one
 * line per mismatch, the first mismatch shrunk by fast-check, and `N cases, M mismatches`; exit code 1 on
 * any mismatch. The same seed draws the same cases. WebGPU uses small shapes (SwiftShader is slow) unless
 * told otherwise.
 */
export async function fuzzCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv, ['small']);
  checkOptions(parsed, ['backend', 'cases', 'seed', 'family', 'small', 'threads'], 'fuzz');
  const backendName = (parsed.options.backend as string | undefined) ?? 'node';
  const cases = Number(parsed.options.cases ?? 1000);
  const seed = Number(parsed.options.seed ?? 1);
  assertInteger('--cases', cases, 1, 10_000_000, 'anyk fuzz');
  assertInteger('--seed', seed, 0, 2 ** 31 - 1, 'anyk fuzz');
  const families = parseFamilies(parsed.options.family);
  const small = parsed.options.small === true || backendName === 'webgpu';
  const threads = parsed.options.threads === undefined ? 1 : Number(parsed.options.threads);
  const backend = await createBackend(backendName, { threads });
  const reference = await createReferenceBackend();
  const started = performance.now();
  try {
    const report = await fuzzBackend(backend, reference, {
      cases,
      seed,
      families,
      limits: small ? smallShapeLimits : defaultShapeLimits,
      onCase: (index, mismatch) => {
        if (mismatch !== undefined) console.log(`MISMATCH case ${index}: ${mismatch}`);
        if ((index + 1) % 1000 === 0) console.error(`${index + 1} / ${cases} cases`);
      },
    });
    for (const mismatch of report.mismatches) console.log(`  recipe ${formatRecipe(mismatch.recipe)}`);
    if (report.shrunk) {
      console.log(`shrunk counterexample: ${formatRecipe(report.shrunk.recipe)}`);
      console.log(`  ${report.shrunk.detail}`);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${report.cases} cases on ${report.backend} (seed ${seed}${small ? ', small shapes' : ''}), ${report.mismatches.length} mismatches, ${seconds} s`,
    );
    return report.mismatches.length > 0 ? 1 : 0;
  } finally {
    await backend.dispose();
    await reference.dispose();
  }
}

function parseFamilies(option: string | true | undefined): readonly FuzzFamily[] | undefined {
  if (typeof option !== 'string') return undefined;
  const names = option.split(',');
  for (const name of names) {
    if (!(fuzzFamilies as readonly string[]).includes(name)) {
      throw new InvalidArgumentError('--family', `a list of ${fuzzFamilies.join(', ')}`, name, 'anyk fuzz');
    }
  }
  return names as FuzzFamily[];
}
