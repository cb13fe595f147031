import { createReferenceBackend, InvalidArgumentError } from '@anyk/core';
import { requireInteger } from '@anyk/core/internal';
import { createBackend } from '../backends/create-backend.ts';
import {
  defaultShapeLimits,
  formatRecipe,
  fuzzBackend,
  smallShapeLimits,
} from '../reliability/fuzz-backend.ts';
import { type FuzzFamily, fuzzFamilies } from '../reliability/random-layer-case.ts';
import { defineCommand } from './define-command.ts';

/**
 * `anyk fuzz --backend <name> [--cases n] [--seed s] [--family a,b] [--small]`: differential fuzzing of
 * one backend against the float64 reference (forward, and backward where the backend has it). Prints one
 * line per mismatch, the first mismatch shrunk by fast-check, and `N cases, M mismatches`; exit code 1 on
 * any mismatch. The same seed draws the same cases. WebGPU uses small shapes (SwiftShader is slow) unless
 * told otherwise.
 */
export const fuzzCommand = defineCommand(
  {
    name: 'fuzz',
    summary:
      'differential fuzzing of one backend against the float64 reference; prints the shrunk counterexample',
    options: {
      backend: {
        type: 'string',
        valueName: 'node|gpujs|webgpu',
        default: 'node',
        description: 'the backend under test',
      },
      cases: { type: 'string', valueName: 'n', default: '1000', description: 'random cases to draw' },
      seed: {
        type: 'string',
        valueName: 's',
        default: '1',
        description: 'the seed (the same seed draws the same cases)',
      },
      family: {
        type: 'string',
        valueName: 'a,b',
        description: `only these families (default: ${fuzzFamilies.join(',')})`,
      },
      small: { type: 'boolean', description: 'small shapes (always on for webgpu: SwiftShader is slow)' },
      threads: {
        type: 'string',
        valueName: 'n',
        default: '1',
        description: 'worker threads of the node backend',
      },
    },
  },
  async ({ values }) => {
    const backendName = values.backend;
    const cases = Number(values.cases);
    const seed = Number(values.seed);
    requireInteger('--cases', cases, { min: 1, max: 10_000_000 }, 'anyk fuzz');
    requireInteger('--seed', seed, { min: 0, max: 2 ** 31 - 1 }, 'anyk fuzz');
    const families = parseFamilies(values.family);
    const small = values.small === true || backendName === 'webgpu';
    const threads = Number(values.threads);
    const backend = await createBackend(backendName, { threads });
    const reference = await createReferenceBackend();
    const started = performance.now();
    let mismatches = 0;
    try {
      const report = await fuzzBackend(backend, reference, {
        cases,
        seed,
        families,
        limits: small ? smallShapeLimits : defaultShapeLimits,
        onCase: (index, mismatch) => {
          if (mismatch !== undefined) {
            mismatches++;
            console.log(`MISMATCH case ${index}: ${mismatch}`);
          }
          // Every 100 cases: a long run stopped early still says how far it got, and at what rate.
          if ((index + 1) % 100 === 0) {
            const seconds = ((performance.now() - started) / 1000).toFixed(1);
            console.error(`${index + 1} / ${cases} cases, ${mismatches} mismatches, ${seconds} s`);
          }
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
  },
);

function parseFamilies(option: string | undefined): readonly FuzzFamily[] | undefined {
  if (option === undefined) return undefined;
  const names = option.split(',');
  for (const name of names) {
    if (!(fuzzFamilies as readonly string[]).includes(name)) {
      throw new InvalidArgumentError('--family', `a list of ${fuzzFamilies.join(', ')}`, name, 'anyk fuzz');
    }
  }
  return names as FuzzFamily[];
}
