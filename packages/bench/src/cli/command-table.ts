import type { CliCommand } from './command-spec.ts';

/** One row of the command table: the command's name and how to load it (lazily: `anyk bench` never loads train). */
export interface CommandEntry {
  readonly name: string;
  readonly load: () => Promise<CliCommand>;
}

/**
 * Every `anyk` command, in help order. A new command is one file (`<name>-command.ts` exporting
 * `defineCommand(spec, body)`) and one row here.
 */
export const commandTable: readonly CommandEntry[] = [
  { name: 'demo', load: async () => (await import('./demo-command.ts')).demoCommand },
  { name: 'conformance', load: async () => (await import('./conformance-command.ts')).conformanceCommand },
  { name: 'bench', load: async () => (await import('./bench-command.ts')).benchCommand },
  { name: 'reproduce', load: async () => (await import('./reproduce-command.ts')).reproduceCommand },
  { name: 'train', load: async () => (await import('./train-command.ts')).trainCommand },
  { name: 'inspect', load: async () => (await import('./inspect-command.ts')).inspectCommand },
  { name: 'fuzz', load: async () => (await import('./fuzz-command.ts')).fuzzCommand },
  { name: 'calibrate', load: async () => (await import('./calibrate-command.ts')).calibrateCommand },
];
