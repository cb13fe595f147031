import type { CliCommand, CommandOption, CommandSpec } from './command-spec.ts';
import { helpOption } from './parse-command-args.ts';

/** Labels longer than this put their description on the next line. */
const labelColumns = 28;

/** `anyk bench [options]` or `anyk conformance [<fixtures-dir>] [options]`. */
export function formatUsageLine(spec: CommandSpec): string {
  const positional = spec.positional ? ` [<${spec.positional.name}>]` : '';
  return `anyk ${spec.name}${positional} [options]`;
}

/** A command's `--help`: usage line, summary, positional, one line per option (with its default), notes. */
export function formatCommandHelp(spec: CommandSpec): string {
  const entries: [string, CommandOption][] = Object.entries({ ...spec.options, help: helpOption });
  const labels = entries.map(([name, option]) => {
    const short = option.short !== undefined ? `-${option.short}, ` : '';
    const value = option.type === 'string' ? ` <${option.valueName ?? 'value'}>` : '';
    return `${short}--${name}${value}`;
  });
  const width = Math.min(Math.max(...labels.map((label) => label.length)) + 2, labelColumns);
  const lines = [formatUsageLine(spec), '', spec.summary, ''];
  if (spec.positional) lines.push(`<${spec.positional.name}>`.padEnd(width) + spec.positional.description);
  entries.forEach(([, option], index) => {
    const fallback =
      option.default !== undefined && option.type === 'string' ? ` (default: ${option.default})` : '';
    const label = labels[index]!;
    const gap = label.length < width ? label.padEnd(width) : `${label}\n  ${''.padEnd(width)}`;
    lines.push(`  ${gap}${option.description}${fallback}`);
  });
  if (spec.notes) lines.push('', spec.notes());
  return lines.join('\n');
}

/** `anyk help`: one usage line and summary per command, from their declarations. */
export function formatCliHelp(commands: readonly CliCommand[]): string {
  const lines = ['anyk — dynamic-routing Mixture-of-Experts toolkit', '', 'Usage:'];
  for (const command of commands) {
    lines.push(`  ${formatUsageLine(command.spec)}`, `      ${command.spec.summary}`);
  }
  lines.push('  anyk help', '', '`anyk <command> --help` lists the options of a command.');
  return lines.join('\n');
}
