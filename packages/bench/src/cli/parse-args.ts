import { InvalidArgumentError } from '@anyk/core';

/** `--name value` / `--flag` options and positional arguments of one CLI command. */
export interface ParsedArgs {
  readonly positional: string[];
  readonly options: Record<string, string | true>;
}

export function parseArgs(argv: readonly string[], flags: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    if (!argument.startsWith('--')) {
      positional.push(argument);
      continue;
    }
    const [name, inline] = argument.slice(2).split('=', 2) as [string, string | undefined];
    if (flags.includes(name)) options[name] = true;
    else if (inline !== undefined) options[name] = inline;
    else {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--'))
        throw new InvalidArgumentError(`--${name}`, 'a value', undefined);
      options[name] = value;
      index++;
    }
  }
  return { positional, options };
}

/** Rejects options a command does not know, listing the valid ones. */
export function checkOptions(parsed: ParsedArgs, allowed: readonly string[], command: string): void {
  for (const name of Object.keys(parsed.options)) {
    if (!allowed.includes(name)) {
      throw new InvalidArgumentError(
        `--${name}`,
        `one of ${allowed.map((option) => `--${option}`).join(', ')}`,
        `--${name}`,
        `anyk ${command}`,
      );
    }
  }
}
