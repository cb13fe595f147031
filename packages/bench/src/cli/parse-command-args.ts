import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@anyk/core';
import type { CommandArgs, CommandOption, CommandSpec, OptionValues } from './command-spec.ts';

/** The `--help` flag every command accepts. */
export const helpOption = { type: 'boolean', short: 'h', description: 'print this help' } as const;

/** `--suite, --json, ...`: the options a command accepts, for error messages. */
function optionList(spec: CommandSpec): string {
  return [...Object.keys(spec.options), 'help'].map((name) => `--${name}`).join(', ');
}

/**
 * Turns `node:util`'s parse errors (plain `TypeError`s with an `ERR_PARSE_ARGS_*` code) into an
 * `InvalidArgumentError` naming the flag, so the CLI exits 2 with one readable line.
 */
function toInvalidArgument(error: unknown, spec: CommandSpec): unknown {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return error;
  const context = `anyk ${spec.name}`;
  const flag = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1] ?? 'arguments';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new InvalidArgumentError(flag, `one of ${optionList(spec)}`, flag, context);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = spec.options[flag.replace(/^-+/, '')];
      const expected = option?.type === 'boolean' ? 'a flag without a value' : `a value (${error.message})`;
      return new InvalidArgumentError(flag, expected, undefined, context);
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const extra = /'([^']*)'/.exec(error.message)?.[1];
      const expected = spec.positional
        ? `at most ${spec.positional.max ?? 1} <${spec.positional.name}>`
        : `only options (${optionList(spec)})`;
      return new InvalidArgumentError('arguments', expected, extra, context);
    }
    default:
      return error;
  }
}

/**
 * Parses one command's arguments with `util.parseArgs({ strict: true })` from its declaration: an unknown
 * flag, a flag given a value, a missing value or an extra positional throws an `InvalidArgumentError` that
 * names the flag.
 */
export function parseCommandArgs<Options extends Record<string, CommandOption>>(
  spec: CommandSpec<Options>,
  argv: readonly string[],
): CommandArgs<Options> & { readonly help: boolean } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }> =
    { help: { type: helpOption.type, short: helpOption.short } };
  for (const [name, option] of Object.entries(spec.options)) {
    options[name] = {
      type: option.type,
      ...(option.short !== undefined ? { short: option.short } : {}),
      ...(option.default !== undefined ? { default: option.default } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; tokens: true; allowPositionals: true }>>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: spec.positional !== undefined,
      tokens: true,
    });
  } catch (error) {
    throw toInvalidArgument(error, spec);
  }
  const max = spec.positional?.max ?? 1;
  if (parsed.positionals.length > max) {
    throw new InvalidArgumentError(
      'arguments',
      `at most ${max} <${spec.positional?.name}>`,
      parsed.positionals.join(' '),
      `anyk ${spec.name}`,
    );
  }
  const given = new Set<string>();
  for (const token of parsed.tokens) if (token.kind === 'option') given.add(token.name);
  const { help, ...values } = parsed.values;
  return {
    values: values as OptionValues<Options>,
    positionals: parsed.positionals,
    given,
    help: help === true,
  };
}
