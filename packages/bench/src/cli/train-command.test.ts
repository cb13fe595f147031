import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, UnsupportedError } from '@anyk/core';
import { loadCheckpoint } from '@anyk/train';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../harness/progress-bar.ts';
import { demoCommand } from './demo-command.ts';
import { trainCommand } from './train-command.ts';

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'anyk-train-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const tiny = ['--d', '16', '--layers', '1', '--experts', '4', '--batch', '2', '--eval-windows', '2'];

async function train(argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  expect(await trainCommand(argv, { log: (line) => lines.push(line) })).toBe(0);
  return lines;
}

/** Per-step losses of a `--log-every 1` run. */
function stepLosses(lines: readonly string[]): number[] {
  return lines.flatMap((line) => {
    const match = /step \d+\/\d+: loss (\d+\.\d+)/.exec(line);
    return match ? [Number(match[1])] : [];
  });
}

describe.skipIf(process.env.ANYK_LANE_WEBGPU_DAWN !== '1')(
  'anyk train --backend webgpu (Dawn lane only: needs the SwiftShader driver)',
  () => {
    it('trains on the WebGPU backend with the losses of the CPU backend', async () => {
      const run = (backend: string) =>
        train([
          '--family',
          'top-k',
          '--steps',
          '3',
          '--log-every',
          '1',
          '--backend',
          backend,
          '--out',
          join(directory, `on-${backend}`),
          ...tiny,
        ]);
      const gpu = await run('webgpu');
      expect(gpu[0]).toMatch(/on the webgpu backend/);
      const cpu = await run('node');
      const gpuLosses = stepLosses(gpu);
      const cpuLosses = stepLosses(cpu);
      expect(gpuLosses).toHaveLength(3);
      // Same model, data and routing decisions; float32 arithmetic in a different order on each backend.
      for (const [step, loss] of gpuLosses.entries()) {
        expect(Math.abs(loss - cpuLosses[step]!)).toBeLessThan(1e-3);
      }
      expect(gpu.at(-2)).toMatch(/validation \(2 x 64 bytes\): loss \d\.\d+ nats\/byte/);
    });
  },
);

describe('anyk train', () => {
  it('trains a ReMoE model, logs every step, evaluates, and writes a checkpoint the demo routes text with', async () => {
    const out = join(directory, 'remoe');
    const lines = await train([
      '--family',
      'remoe',
      '--target-k',
      '1.5',
      '--steps',
      '3',
      '--log-every',
      '1',
      '--out',
      out,
      ...tiny,
    ]);
    expect(lines[0]).toMatch(
      /^anyk train: remoe .*"targetK":1\.5.*d=16, 1 layers, E=4, 3 steps of 2x64 bytes/,
    );
    expect(lines.filter((line) => /step \d\/3: loss \d+\.\d+, experts\/token/.test(line))).toHaveLength(3);
    expect(lines.at(-2)).toMatch(/validation \(2 x 64 bytes\): loss \d\.\d+ nats\/byte/);
    const { config } = loadCheckpoint(`${out}.safetensors`);
    expect(config.model.router).toEqual({ family: 'remoe', targetK: 1.5 });
    expect(config.state.step).toBe(3);
    expect(config.optimizer).toBe(true); // resumable
    const printed: string[] = [];
    const report = join(directory, 'report');
    const code = await demoCommand(
      [
        '--backend',
        'reference',
        '--tokens',
        '20',
        '--family',
        'top-k,remoe',
        '--checkpoint',
        `${out}.safetensors`,
        '--out',
        report,
      ],
      { progress: silentProgress, log: (line) => printed.push(line) },
    );
    expect(code).toBe(0);
    expect(printed.join('\n')).toContain('d=16, 1 MoE layers, E=4 SwiGLU experts of f=32, remoe');
    const json = JSON.parse(await readFile(join(report, 'demo.json'), 'utf8')) as {
      rows: { family: string }[];
    };
    expect(json.rows.map((row) => row.family)).toEqual(['top-k', 'remoe']);
  });

  it('applies the top-p recipe and coefficient overrides, and resumes from its checkpoint', async () => {
    const out = join(directory, 'top-p');
    const lines = await train([
      '--p',
      '0.5',
      '--balance-coef',
      '0.02',
      '--steps',
      '2',
      '--seed',
      '4',
      '--out',
      out,
      ...tiny,
    ]);
    expect(lines[0]).toContain('"type":"entropy","coef":0.012');
    expect(lines[0]).toContain('"type":"load_balance","variant":"assignment-fraction","coef":0.02');
    expect(loadCheckpoint(`${out}.safetensors`).config.training.seed).toBe(4);
    const resumed = await train([
      '--resume',
      `${out}.safetensors`,
      '--out',
      join(directory, 'resumed'),
      '--eval-windows',
      '1',
    ]);
    expect(resumed[0]).toBe(`anyk train: resuming ${out}.safetensors at step 2`);
    expect(existsSync(join(directory, 'resumed.safetensors'))).toBe(true);
  });

  it('rejects bad options with typed errors naming them', async () => {
    await expect(trainCommand(['--family', 'ada-k'], { log: () => {} })).rejects.toThrow(/--family.*top-p/);
    await expect(trainCommand(['--p', '1.5'], { log: () => {} })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(trainCommand(['--steps', '0'], { log: () => {} })).rejects.toThrow(/--steps/);
    await expect(trainCommand(['--d', '10'], { log: () => {} })).rejects.toThrow(/--d.*multiple of 4/);
    await expect(
      trainCommand(['--resume', 'x.safetensors', '--steps', '5'], { log: () => {} }),
    ).rejects.toThrow(/--steps.*--resume/);
    await expect(trainCommand(['--bogus', '1'], { log: () => {} })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    // gpu.js has no backward pass: not a training backend.
    await expect(trainCommand(['--backend', 'gpujs'], { log: () => {} })).rejects.toThrow(
      /--backend.*node, webgpu, reference/,
    );
  });

  it('the demo refuses a DynMoE checkpoint (its cosine router has no rows to reuse)', async () => {
    const out = join(directory, 'dynmoe');
    await train(['--family', 'dynmoe', '--steps', '1', '--out', out, ...tiny]);
    await expect(
      demoCommand(['--backend', 'reference', '--tokens', '10', '--checkpoint', `${out}.safetensors`], {
        progress: silentProgress,
        log: () => {},
      }),
    ).rejects.toBeInstanceOf(UnsupportedError);
  });
});
