import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyRouterConfig, encodeSafetensors, parseRouterConfig } from '@anyk/checkpoints';
import { loadHfCases } from '@anyk/checkpoints/testing';
import { createReferenceBackend, type MoeLayerV1 } from '@anyk/core';
import { topK } from '@anyk/routers/top-k';
import { describe, expect, it } from 'vitest';
import { openAnyCheckpoint } from '../checkpoints/open-any-checkpoint.ts';
import { calibrateCommand } from '../cli/calibrate-command.ts';
import { demoCommand } from '../cli/demo-command.ts';
import { silentProgress } from '../harness/progress-bar.ts';
import { calibrateCheckpoint } from './calibrate-checkpoint.ts';
import { fitToMeanK, meanExperts } from './dynamic-router.ts';

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296 - 0.5;
  };
}

const layerOf = (numExperts: number, k: number): MoeLayerV1 => ({
  spec: topK({ numExperts, k }).spec(),
  weights: {
    d: 1,
    f: 1,
    expert: { kind: 'swiglu' },
    router: new Float64Array(numExperts),
    wGate: new Float64Array(numExperts),
    wUp: new Float64Array(numExperts),
    wDown: new Float64Array(numExperts),
  },
});

describe('fitToMeanK', () => {
  const tokens = 400;
  const random = seeded(7);
  const logits = Float64Array.from({ length: tokens * 8 }, () => random() * 6);
  it.each([
    ['top-p', 1.3],
    ['top-p', 2.6],
    ['threshold', 1.3],
    ['threshold', 3.2],
  ] as const)('%s reaches a target mean k of %s within one token in the batch', (family, target) => {
    const fit = fitToMeanK(layerOf(8, 2), family, logits, tokens, target);
    expect(Math.abs(fit.meanK - target)).toBeLessThanOrEqual(1 / tokens + 1e-12);
  });
  it('top-p keeps more experts as p grows (the monotonicity the bisection relies on)', () => {
    const base = layerOf(8, 2);
    const ks = [0.2, 0.4, 0.6, 0.8, 0.95].map((p) =>
      meanExperts({ ...base, spec: { ...base.spec, selection: { kind: 'top-p', p } } }, logits, tokens),
    );
    for (let index = 1; index < ks.length; index++) expect(ks[index]!).toBeGreaterThanOrEqual(ks[index - 1]!);
  });
});

describe('anyk calibrate on the hf/ cases (hidden states = the fixture inputs)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'anyk-calibrate-'));
  it.each(loadHfCases().map((entry) => [entry.id, entry] as const))('%s', async (id, entry) => {
    const statesFile = join(directory, `${id.replace('/', '-')}.safetensors`);
    writeFileSync(
      statesFile,
      encodeSafetensors(
        entry.layers.map((layer) => ({
          name: `layers.${layer.layer}`,
          shape: layer.input.shape,
          data: Float32Array.from(layer.input.data),
        })),
      ),
    );
    const configFile = join(directory, `${id.replace('/', '-')}.router.json`);
    const lines: string[] = [];
    const argv = [entry.directory, '--hidden-states', statesFile, '--backend', 'reference', '--quick'];
    expect(
      await calibrateCommand([...argv, '--router-config', configFile], { log: (line) => lines.push(line) }),
    ).toBe(0);
    expect(lines.join('\n')).toMatch(/rel\. L2 vs top-k/);
    // The written top-p config is accepted by the library and routes with the fitted mean k.
    const config = parseRouterConfig(JSON.parse(readFileSync(configFile, 'utf8')));
    const opened = await openAnyCheckpoint(entry.directory, 'test');
    const backend = await createReferenceBackend();
    const { report } = await calibrateCheckpoint(opened, {
      backend,
      backendName: 'reference',
      families: ['top-p'],
      hiddenStates: statesFile,
      timing: { warmup: 0, repeats: 1, maxTimeMs: 0 },
    });
    for (const layer of report.layers) {
      const expectation = entry.layers.find((candidate) => candidate.layer === layer.index);
      if (opened.format !== 'huggingface' || !expectation) throw new Error('unexpected layer');
      const loaded = await opened.checkpoint.loadLayer(layer.index);
      if (loaded.kind !== 'moe') throw new Error('MoE layer expected');
      const calibrated = applyRouterConfig(config, layer.index, loaded.layer);
      const tokens = expectation.input.shape[0]!;
      const { routing } = await backend.forward(calibrated, {
        tokens,
        x: Float32Array.from(expectation.input.data),
      });
      const fitted = layer.families[0];
      if (!fitted || !('meanK' in fitted)) throw new Error('top-p should be fitted');
      expect(Array.from(routing.kCount).reduce((sum, k) => sum + k, 0) / tokens).toBeCloseTo(
        fitted.meanK,
        12,
      );
      // The native top-k routes k experts per token.
      expect(layer.nativeMeanK).toBe(opened.checkpoint.architecture.k);
    }
  });
});

describe('anyk calibrate on the shipped KJV checkpoint', () => {
  it('fits every layer, and the loss of each router comes from running that router in the model', async () => {
    const backend = await createReferenceBackend();
    const { report, routerConfigs } = await calibrateCheckpoint(await openAnyCheckpoint('shipped', 'test'), {
      backend,
      backendName: 'reference',
      families: ['top-p', 'threshold'],
      targetK: 1.5,
      tokens: 128,
      timing: { warmup: 0, repeats: 1, maxTimeMs: 0 },
    });
    expect(report.layers).toHaveLength(4);
    expect(report.meanK.native).toBe(2);
    expect(Math.abs(report.meanK['top-p']! - 1.5)).toBeLessThanOrEqual(1 / 128);
    const loss = report.loss as Record<string, number>;
    for (const name of ['trained', 'native', 'top-p', 'threshold']) expect(loss[name]).toBeGreaterThan(0);
    // Different routers give different losses: the swap reached the model's layers.
    expect(loss.native).not.toBe(loss.trained);
    expect(loss['top-p']).not.toBe(loss.native);
    expect(routerConfigs['top-p']?.layers).toHaveLength(4);
  });

  it('anyk demo --router-config runs the checkpoint with the calibrated routers (same loss as calibrate)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'anyk-calibrate-demo-'));
    const configFile = join(directory, 'router.json');
    const calibrated: string[] = [];
    const common = ['--tokens', '96', '--backend', 'reference'];
    await calibrateCommand(
      [
        'shipped',
        ...common,
        '--target-k',
        '1.5',
        '--quick',
        '--family',
        'top-p',
        '--router-config',
        configFile,
      ],
      {
        log: (line) => calibrated.push(line),
      },
    );
    const topPLoss = Number((calibrated.join('\n').match(/top-p (\d+\.\d+) \(/) as RegExpMatchArray)[1]);
    const demo: string[] = [];
    const code = await demoCommand(
      [...common, '--family', 'top-k', '--router-config', configFile, '--out', directory],
      {
        log: (line) => demo.push(line),
        progress: silentProgress,
      },
    );
    expect(code).toBe(0);
    const text = demo.join('\n');
    expect(text).toContain('calibrated top-p routers');
    expect(Number((text.match(/next-byte loss (\d+\.\d+) nats/) as RegExpMatchArray)[1])).toBeCloseTo(
      topPLoss,
      3,
    );
    await expect(
      demoCommand(['--synthetic', '--router-config', configFile], { log: () => {} }),
    ).rejects.toThrow(/--router-config/);
  });
});
