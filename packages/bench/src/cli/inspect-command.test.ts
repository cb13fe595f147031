import { loadHfCases } from '@anyk/checkpoints/testing';
import { InvalidArgumentError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { openAnyCheckpoint } from '../checkpoints/open-any-checkpoint.ts';
import { inspectCheckpoint, inspectCommand } from './inspect-command.ts';

describe('anyk inspect', () => {
  it.each(loadHfCases().map((entry) => [entry.id, entry] as const))(
    'hf/%s: layers, experts, dtypes and tensor count match the fixture',
    async (_id, entry) => {
      const report = inspectCheckpoint(await openAnyCheckpoint(entry.directory, 'test'));
      expect(report.architecture).toBe(entry.model_type);
      expect(report.layers.filter((layer) => layer.kind === 'moe').map((layer) => layer.index)).toEqual(
        entry.moe_layers,
      );
      expect(report.dtypes).toEqual(entry.checkpoint.tensor_dtypes);
      expect(report.parameterCount).toBeGreaterThan(0);
      const lines: string[] = [];
      expect(await inspectCommand([entry.directory], { log: (text) => lines.push(text) })).toBe(0);
      expect(lines.join('\n')).toContain(`huggingface: ${entry.model_type}`);
    },
  );

  it('the shipped KJV checkpoint: 4 MoE layers of 8 experts, top-p, JSON output', async () => {
    const lines: string[] = [];
    expect(await inspectCommand(['shipped', '--json'], { log: (text) => lines.push(text) })).toBe(0);
    const report = JSON.parse(lines.join('\n'));
    expect(report.format).toBe('anyk-train');
    expect(report.layers).toHaveLength(4);
    expect(report.layers[0]).toMatchObject({ kind: 'moe', experts: 8, expertWidth: 128 });
    expect(report.layers[0].router).toMatch(/top-p 0\.5/);
  });

  it('rejects a missing path and unknown options with typed errors', async () => {
    await expect(inspectCommand([])).rejects.toThrow(/checkpoint/);
    await expect(inspectCommand(['/nonexistent/folder'])).rejects.toThrow(/checkpoint/);
    await expect(inspectCommand(['shipped', '--bogus'])).rejects.toThrow(InvalidArgumentError);
    await expect(inspectCommand(['shipped', '--bogus'])).rejects.toThrow(/bogus/);
  });
});
