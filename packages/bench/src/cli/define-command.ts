import type { CliCommand, CommandArgs, CommandIo, CommandOption, CommandSpec } from './command-spec.ts';
import { formatCommandHelp } from './format-command-help.ts';
import { parseCommandArgs } from './parse-command-args.ts';

/**
 * Binds a command's declaration to its body: the returned function parses `argv` with `parseCommandArgs`,
 * answers `--help` from the declaration, and otherwise runs the body with typed option values.
 */
export function defineCommand<Options extends Record<string, CommandOption>>(
  spec: CommandSpec<Options>,
  body: (args: CommandArgs<Options>, io: CommandIo) => Promise<number>,
): CliCommand<Options> {
  const run = async (argv: readonly string[], io: CommandIo = {}): Promise<number> => {
    const { help, ...args } = parseCommandArgs(spec, argv);
    if (help) {
      (io.log ?? ((text: string) => console.log(text)))(formatCommandHelp(spec));
      return 0;
    }
    return body(args, io);
  };
  return Object.assign(run, { spec });
}
