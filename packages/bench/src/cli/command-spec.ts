import type { Progress } from '../harness/progress-bar.ts';

/**
 * One `--name` option of a CLI command, declared once: `parseCommandArgs` hands `type`, `short` and `default`
 * to `node:util`'s `parseArgs`, and `formatCommandHelp` prints `valueName`, `description` and `default`.
 */
export interface CommandOption {
  /** `boolean` for a flag (`--quick`), `string` for an option with a value (`--json file`). */
  readonly type: 'string' | 'boolean';
  /** What the option does, one line of the help text. */
  readonly description: string;
  /** The value's placeholder in the help text (`file`, `n`, `a,b`); `value` when left out. */
  readonly valueName?: string;
  /**
   * A value `parseArgs` fills in when the option is absent. Leave it out when the default depends on other
   * options or when the command must know whether the option was given; say the default in the description.
   */
  readonly default?: string | boolean;
  /** A one-letter alias (`-h`). */
  readonly short?: string;
}

/** The positional argument a command takes, if any. */
export interface CommandPositional {
  /** The placeholder in the usage line (`fixtures-dir`). */
  readonly name: string;
  readonly description: string;
  /** How many a command accepts (default 1). */
  readonly max?: number;
}

/** Everything the CLI knows about one command: its name, its help text and its options. */
export interface CommandSpec<Options extends Record<string, CommandOption> = Record<string, CommandOption>> {
  /** The word after `anyk` (`demo`, `bench`). */
  readonly name: string;
  /** One line: what the command does (the top-level help lists it). */
  readonly summary: string;
  /** Options; `--help` is added to every command. */
  readonly options: Options;
  readonly positional?: CommandPositional;
  /** Extra paragraphs after the option list (the bench command lists its suites here). */
  readonly notes?: () => string;
}

/** The value type of one declared option: string options are strings, flags booleans. */
type OptionValue<Option extends CommandOption> = Option['type'] extends 'boolean' ? boolean : string;

/** Parsed options: those with a `default` are always present, the others may be `undefined`. */
export type OptionValues<Options extends Record<string, CommandOption>> = {
  readonly [Name in keyof Options]: Options[Name] extends { readonly default: string | boolean }
    ? OptionValue<Options[Name]>
    : OptionValue<Options[Name]> | undefined;
};

/** What a command body receives: typed option values, positionals, and which options were given. */
export interface CommandArgs<Options extends Record<string, CommandOption>> {
  readonly values: OptionValues<Options>;
  readonly positionals: readonly string[];
  /** The options written on the command line (defaults filled in by `parseArgs` are not in here). */
  readonly given: ReadonlySet<string>;
}

/** Where a command writes and how it reports progress; tests pass their own. */
export interface CommandIo {
  readonly log?: (text: string) => void;
  readonly progress?: Progress;
}

/** A runnable command: call it with the arguments after its name; `spec` feeds the help texts. */
export interface CliCommand<Options extends Record<string, CommandOption> = Record<string, CommandOption>> {
  (argv: readonly string[], io?: CommandIo): Promise<number>;
  readonly spec: CommandSpec<Options>;
}
