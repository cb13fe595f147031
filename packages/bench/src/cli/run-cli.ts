import { InvalidArgumentError } from '@anyk/core';
import type { CommandIo } from './command-spec.ts';
import { type CommandEntry, commandTable } from './command-table.ts';
import { formatCliHelp } from './format-command-help.ts';

/** `anyk help`, generated from every command's declaration (this loads each command module). */
export async function cliHelp(table: readonly CommandEntry[] = commandTable): Promise<string> {
  return formatCliHelp(await Promise.all(table.map((entry) => entry.load())));
}

/**
 * Runs `anyk <command> ...`: looks the command up in the table and hands it the remaining arguments.
 * No command prints the help and returns 2; an unknown one throws an `InvalidArgumentError` (exit code 2).
 */
export async function runCli(
  argv: readonly string[],
  io: CommandIo = {},
  table: readonly CommandEntry[] = commandTable,
): Promise<number> {
  const log = io.log ?? ((text: string) => console.log(text));
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    log(await cliHelp(table));
    return name === undefined ? 2 : 0;
  }
  const entry = table.find((candidate) => candidate.name === name);
  if (!entry) {
    throw new InvalidArgumentError(
      'command',
      `one of ${table.map((candidate) => candidate.name).join(', ')}, help`,
      name,
      'anyk',
    );
  }
  const command = await entry.load();
  return command(rest, io);
}
