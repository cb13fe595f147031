import { UnsupportedError } from '@anyk/core';
import { checkOptions, parseArgs } from './parse-args.ts';

/** `anyk bench --suite <name>`: the benchmark harness (suites are registered in ../suites). */
export async function benchCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  checkOptions(parsed, ['suite', 'json', 'markdown'], 'bench');
  throw new UnsupportedError(
    `bench suite ${String(parsed.options.suite)}`,
    'the benchmark harness is not built yet',
  );
}
