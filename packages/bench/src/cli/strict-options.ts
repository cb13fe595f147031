import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InvalidArgumentError } from '@anyk/core';

/**
 * `util.parseArgs` in strict mode with positionals, turning its TypeErrors (unknown option, missing value)
 * into an `InvalidArgumentError` naming the command, so the CLI prints one typed message.
 */
export function strictOptions<Options extends NonNullable<ParseArgsConfig['options']>>(
  argv: readonly string[],
  options: Options,
  command: string,
) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InvalidArgumentError(
      'options',
      Object.keys(options)
        .map((name) => `--${name}`)
        .join(', '),
      (error as Error).message,
      command,
    );
  }
}
