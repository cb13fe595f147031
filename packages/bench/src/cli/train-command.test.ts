import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CorruptFileError, InvalidArgumentError, UnsupportedError } from '@anyk/core';
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
    await expect(trainCommand(['--family', 'switch'], { log: () => {} })).rejects.toThrow(/--family.*top-p/);
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

  it('the demo routes text with a BlockFFN (SiLU MLP experts) and an Expert-Choice checkpoint, each as the model routed it', async () => {
    const runs: [string, string[], string][] = [
      ['blockffn', ['--chunk-size', '4'], 'E=4 SiLU MLP experts of f=32, blockffn'],
      ['expert-choice', ['--capacity-factor', '1.5'], 'E=4 SwiGLU experts of f=32, expert-choice'],
    ];
    for (const [family, options, header] of runs) {
      const out = join(directory, `demo-${family}`);
      await train([
        '--family',
        family,
        ...options,
        '--steps',
        '2',
        '--backend',
        'reference',
        '--out',
        out,
        ...tiny,
      ]);
      const printed: string[] = [];
      const report = join(directory, `demo-report-${family}`);
      const code = await demoCommand(
        [
          '--backend',
          'reference',
          '--tokens',
          '20',
          '--family',
          family,
          '--checkpoint',
          `${out}.safetensors`,
          '--out',
          report,
        ],
        { progress: silentProgress, log: (line) => printed.push(line) },
      );
      expect(code).toBe(0);
      expect(printed.join('\n')).toContain(header);
      const json = JSON.parse(await readFile(join(report, 'demo.json'), 'utf8')) as {
        rows: { family: string; meanExperts: number }[];
        expertsPerToken: Record<string, number[][]>;
        workload: { trainedExpertsPerToken: number[][] };
      };
      expect(json.rows.map((row) => row.family)).toEqual([family]);
      // The demo's row of the checkpoint's own family is the model's routing (trained gains, capacity
      // factor; the 20 tokens are one window, routed together in both).
      expect(json.expertsPerToken[family]).toEqual(json.workload.trainedExpertsPerToken);
      // C = round(1.5 x 20 / 4) = 8 tokens per expert: 32 slots over 20 tokens, the trained factor (not the demo's 2).
      if (family === 'expert-choice') expect(json.rows[0]?.meanExperts).toBeCloseTo(32 / 20, 12);
    }
  });

  it('trains every family the trainer added, with its controller in the log (node backend)', async () => {
    const runs: [string, string[], RegExp][] = [
      ['blockffn', ['--chunk-size', '4'], /chunk loss \d\.\d+ x coef 5\.000e-2/],
      ['ada-k', ['--k-max', '3', '--cost-weight', '0.1'], /allocator k \d\.\d+/],
      ['adamoe', ['--null-experts', '2'], /experts\/token/],
      ['longcat', ['--identity-experts', '2', '--target-ffn-k', '1'], /experts\/token/],
      ['expert-choice', ['--capacity-factor', '1'], /experts\/token/],
      ['uni-moe-2', ['--null-experts', '1', '--shared-experts', '1', '--p', '0.5'], /experts\/token/],
    ];
    for (const [family, options, logged] of runs) {
      const out = join(directory, `cli-${family}`);
      const lines = await train([
        '--family',
        family,
        ...options,
        '--steps',
        '2',
        '--log-every',
        '1',
        '--out',
        out,
        ...tiny,
      ]);
      expect(lines[0]).toContain(`anyk train: ${family} `);
      expect(lines[1]).toMatch(logged);
      expect(loadCheckpoint(`${out}.safetensors`).config.model.router.family).toBe(family);
    }
  });

  it('rejects a family option given to another family, and a corrupt checkpoint on --resume', async () => {
    await expect(
      trainCommand(['--family', 'top-p', '--cost-weight', '0.1'], { log: () => {} }),
    ).rejects.toThrow(/--cost-weight.*only with --family ada-k/);
    await expect(
      trainCommand(['--family', 'remoe', '--null-experts', '2'], { log: () => {} }),
    ).rejects.toThrow(/--null-experts.*adamoe\|uni-moe-2/);
    await expect(
      trainCommand(['--family', 'remoe', '--entropy-coef', '0.1'], { log: () => {} }),
    ).rejects.toThrow(/--entropy-coef/);
    const out = join(directory, 'corrupt');
    await writeFile(`${out}.json`, '{"format": "anyk-train-checkpoint", "version": 2');
    await writeFile(`${out}.safetensors`, 'not safetensors');
    await expect(
      trainCommand(['--resume', `${out}.safetensors`, '--out', join(directory, 'never')], { log: () => {} }),
    ).rejects.toBeInstanceOf(CorruptFileError);
  });

  it('a run killed mid-way (a real child process, SIGKILL) resumes from its last checkpoint to the same model', async () => {
    const out = join(directory, 'killed');
    const recipe = [
      '--family',
      'longcat',
      '--identity-experts',
      '2',
      '--steps',
      '16',
      '--seed',
      '2',
      ...tiny,
    ];
    const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--conditions=@anyk/source',
        cli,
        'train',
        ...recipe,
        '--backend',
        'reference',
        '--checkpoint-every',
        '2',
        '--log-every',
        '1',
        '--out',
        out,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let printed = '';
    const exit = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString();
        if (/step 5\/16/.test(printed)) resolve();
      });
      // A child that ends on its own (a crash, or a run too fast to interrupt) fails the SIGKILL check below.
      child.on('exit', () => resolve());
    });
    child.kill('SIGKILL');
    expect(await exit).toBe('SIGKILL');
    const resumed = await train([
      '--resume',
      `${out}.safetensors`,
      '--backend',
      'reference',
      '--out',
      out,
      '--eval-windows',
      '2',
    ]);
    const at = Number(/resuming .* at step (\d+)/.exec(resumed[0]!)?.[1]);
    expect(at).toBeGreaterThanOrEqual(4);
    expect(at).toBeLessThan(16);
    const straight = join(directory, 'straight');
    await train([...recipe, '--backend', 'reference', '--out', straight]);
    const tensors = (path: string) => loadCheckpoint(`${path}.safetensors`).model.parameters.entries();
    expect(tensors(out)).toEqual(tensors(straight));
  });
});
