import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import type { CommandSpec } from './command-spec.ts';
import { defineCommand } from './define-command.ts';
import { formatCommandHelp } from './format-command-help.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { runCli } from './run-cli.ts';

const spec = {
  name: 'sample',
  summary: 'a command for tests',
  positional: { name: 'dir', description: 'a directory' },
  options: {
    json: { type: 'string', valueName: 'file', description: 'write JSON' },
    steps: { type: 'string', valueName: 'n', default: '400', description: 'steps' },
    quick: { type: 'boolean', description: 'be quick' },
  },
} as const satisfies CommandSpec;

function invalidArgument(run: () => unknown): InvalidArgumentError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('parseCommandArgs', () => {
  it('fills declared defaults and records which options were given', () => {
    const parsed = parseCommandArgs(spec, ['here', '--json', 'out.json', '--quick']);
    expect(parsed.values).toEqual({ json: 'out.json', steps: '400', quick: true });
    expect(parsed.positionals).toEqual(['here']);
    expect([...parsed.given].sort()).toEqual(['json', 'quick']);
    expect(parsed.help).toBe(false);
    expect(parseCommandArgs(spec, ['--steps=7']).values.steps).toBe('7');
  });

  it('names the flag in a typed error for an unknown flag, a missing value, a flag given a value', () => {
    const unknown = invalidArgument(() => parseCommandArgs(spec, ['--bogus', '1']));
    expect(unknown.argument).toBe('--bogus');
    expect(unknown.message).toMatch(/anyk sample: --bogus must be one of --json, --steps, --quick, --help/);
    expect(invalidArgument(() => parseCommandArgs(spec, ['--json'])).argument).toBe('--json');
    expect(invalidArgument(() => parseCommandArgs(spec, ['--json', '--quick'])).argument).toBe('--json');
    expect(invalidArgument(() => parseCommandArgs(spec, ['--quick=yes'])).argument).toBe('--quick');
    expect(invalidArgument(() => parseCommandArgs(spec, ['a', 'b'])).argument).toBe('arguments');
    const { positional: _, ...noPositional } = spec;
    expect(invalidArgument(() => parseCommandArgs(noPositional, ['a'])).message).toMatch(/only options/);
  });
});

describe('help text', () => {
  it('lists every declared option with its value name and default', () => {
    const help = formatCommandHelp(spec);
    expect(help).toContain('anyk sample [<dir>] [options]');
    expect(help).toMatch(/--json <file>\s+write JSON\n/);
    expect(help).toMatch(/--steps <n>\s+steps \(default: 400\)/);
    expect(help).toMatch(/--quick\s+be quick/);
    expect(help).toMatch(/-h, --help\s+print this help/);
  });

  it('answers --help without running the body', async () => {
    const lines: string[] = [];
    let ran = false;
    const command = defineCommand(spec, async () => {
      ran = true;
      return 0;
    });
    expect(await command(['--help'], { log: (line) => lines.push(line) })).toBe(0);
    expect(ran).toBe(false);
    expect(lines.join('\n')).toContain('a command for tests');
  });

  it('lists every command of the table in `anyk help`', async () => {
    const lines: string[] = [];
    expect(await runCli(['help'], { log: (line) => lines.push(line) })).toBe(0);
    for (const name of ['demo', 'conformance', 'bench', 'reproduce', 'train'])
      expect(lines.join('\n')).toContain(`anyk ${name} `);
    await expect(runCli(['nope'], { log: () => {} })).rejects.toThrow(/command must be one of demo/);
  });
});

describe('the anyk binary', () => {
  it('exits 2 with one line naming the flag on an unknown flag', () => {
    const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
    const result = spawnSync(process.execPath, ['--conditions=@anyk/source', cli, 'bench', '--bogus'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(/^anyk: anyk bench: --bogus must be one of --suite/);
  });
});
