import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, type KernelBackendV1, resolveBackend } from '@anyk/core';
import { requireInteger } from '@anyk/core/internal';
import type { ModelConfig } from '@anyk/train';
import { backendCandidates, createBackend } from '../backends/create-backend.ts';
import { captureWithRouterConfig, readRouterConfig } from '../checkpoints/swap-layers.ts';
import { checkpointWorkload, validationPassage } from '../demo/checkpoint-workload.ts';
import { type DemoFamily, demoFamilies } from '../demo/demo-model.ts';
import { type DemoWorkload, runDemo, syntheticWorkload } from '../demo/run-demo.ts';
import { describeMachine } from '../harness/machine-info.ts';
import { createProgressBar } from '../harness/progress-bar.ts';
import type { DemoReportData } from '../report/demo-report-html.ts';
import { renderDemoReport } from '../report/demo-report-html.ts';
import { defineCommand } from './define-command.ts';

/** Formats rows as an aligned text table. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** How the header names a checkpoint's experts (`ModelConfig.expert`). */
function expertName(expert: ModelConfig['expert']): string {
  return expert === 'swiglu' ? 'SwiGLU' : `${expert === 'silu' ? 'SiLU' : 'GELU'} MLP`;
}

/** `anyk-report-2026-11-22T10-57-31` in the working directory (git-ignored by `/anyk-report-*\/`). */
export function defaultReportDirectory(now: Date = new Date()): string {
  return resolve(`anyk-report-${now.toISOString().slice(0, 19).replace(/:/g, '-')}`);
}

/**
 * `anyk demo [--synthetic] [--text s] [--backend name] [--family a,b] [--tokens n] [--layers n] [--out dir]`:
 * by default routes real text (the KJV validation split, or `--text`) through the shipped trained
 * checkpoint and, at each of its MoE layers, routes the captured hidden states with every router family over
 * the trained experts; `--synthetic` routes a seeded batch of documented difficulty through a stack of
 * random layers instead. Prints experts per token, zero-computation share, speed and the output's deviation
 * from top-2, and writes a self-contained HTML report plus the numbers as JSON into `--out`.
 */
export const demoCommand = defineCommand(
  {
    name: 'demo',
    summary:
      'route real text through the trained checkpoint (or --synthetic tokens) with every router family, print a table, write an HTML report',
    options: {
      text: {
        type: 'string',
        valueName: 's',
        description: 'route this text (default: the KJV validation split)',
      },
      checkpoint: {
        type: 'string',
        valueName: 'file',
        description: 'a .safetensors checkpoint (default: the shipped one)',
      },
      'router-config': {
        type: 'string',
        valueName: 'file',
        description: 'run the checkpoint with calibrated routers (a router config from anyk calibrate)',
      },
      synthetic: {
        type: 'boolean',
        description: 'a seeded batch of documented difficulty through random layers',
      },
      backend: {
        type: 'string',
        valueName: 'name',
        description: 'the backend (default: node, else reference)',
      },
      family: {
        type: 'string',
        valueName: 'a,b',
        description: 'router families (default: every demo family)',
      },
      tokens: {
        type: 'string',
        valueName: 'n',
        description: 'tokens to route (default 1024; --synthetic on the reference backend 256)',
      },
      layers: {
        type: 'string',
        valueName: 'n',
        description: 'random layers per family, with --synthetic (default 4)',
      },
      out: {
        type: 'string',
        valueName: 'dir',
        description: 'report directory (default: ./anyk-report-<time>)',
      },
    },
  },
  async ({ values: options }, io) => {
    const log = io.log ?? ((text: string) => console.log(text));
    const synthetic = options.synthetic === true;
    const families = options.family?.split(',') ?? [...demoFamilies];
    for (const family of families) {
      if (!(demoFamilies as readonly string[]).includes(family)) {
        throw new InvalidArgumentError(
          '--family',
          `a comma-separated list of ${demoFamilies.join(', ')}`,
          family,
          'anyk demo',
        );
      }
    }
    if (synthetic && options.checkpoint !== undefined)
      throw new InvalidArgumentError(
        '--checkpoint',
        'no --checkpoint with --synthetic',
        options.checkpoint,
        'anyk demo',
      );
    if (synthetic && options['router-config'] !== undefined)
      throw new InvalidArgumentError(
        '--router-config',
        'a router config JSON file (anyk calibrate --router-config), without --synthetic',
        options['router-config'],
        'anyk demo',
      );
    if (synthetic && options.text !== undefined)
      throw new InvalidArgumentError('--text', 'no --text with --synthetic', options.text, 'anyk demo');
    if (!synthetic && options.layers !== undefined)
      throw new InvalidArgumentError(
        '--layers',
        "only with --synthetic (real text runs through the checkpoint's own MoE layers)",
        options.layers,
        'anyk demo',
      );
    if (options.text !== undefined && options.tokens !== undefined)
      throw new InvalidArgumentError(
        '--tokens',
        'no --tokens with --text (the text sets the tokens)',
        options.tokens,
        'anyk demo',
      );
    const layers = options.layers !== undefined ? Number(options.layers) : 4;
    requireInteger('--layers', layers, { min: 1, max: 32 }, 'anyk demo');
    const userText = options.text !== undefined ? new TextEncoder().encode(options.text) : undefined;
    if (userText !== undefined && userText.length < 2)
      throw new InvalidArgumentError(
        '--text',
        'at least 2 bytes (one token and its next byte)',
        options.text,
        'anyk demo',
      );
    let backend: KernelBackendV1;
    if (options.backend !== undefined) backend = await createBackend(options.backend);
    else {
      const resolved = await resolveBackend(backendCandidates(['node', 'reference']));
      for (const failure of resolved.failures) {
        log(
          `(backend ${failure.name} unavailable: ${failure.error instanceof Error ? failure.error.message : String(failure.error)})`,
        );
      }
      backend = resolved.backend;
    }
    try {
      const tokens =
        options.tokens !== undefined
          ? Number(options.tokens)
          : synthetic && backend.name === 'reference'
            ? 256
            : 1024;
      requireInteger('--tokens', tokens, { min: 1, max: 1 << 20 }, 'anyk demo');
      let workload: DemoWorkload;
      let reportWorkload: DemoReportData['workload'];
      let described: Record<string, unknown>;
      if (synthetic) {
        const shape = { tokens, d: 128, f: 256, experts: 8, seed: 7 };
        log(
          `anyk demo --synthetic — backend ${backend.name}, ${shape.tokens} seeded tokens (difficulty varies: easy tokens sit on one expert's direction, hard ones are noise), d=${shape.d}, f=${shape.f}, E=${shape.experts} SwiGLU experts, ${layers} layers per family\n`,
        );
        const built = syntheticWorkload(shape, layers);
        workload = built;
        reportWorkload = { kind: 'synthetic', shape, difficulty: built.difficulty };
        described = { kind: 'synthetic', shape, layers };
      } else {
        const passage = userText ?? validationPassage(tokens);
        const source =
          userText !== undefined ? 'your --text' : 'the KJV validation split (held out from training)';
        // `--router-config` (from `anyk calibrate`) runs the checkpoint with the calibrated routers.
        const routerConfig =
          options['router-config'] !== undefined ? readRouterConfig(options['router-config']) : undefined;
        const capture = await captureWithRouterConfig(backend, passage, options.checkpoint, routerConfig);
        const { model } = capture;
        const trainedRouter =
          model.router.family === 'top-p' ? `top-p, p=${model.router.p}` : model.router.family;
        const router = routerConfig
          ? `${trainedRouter}; calibrated ${routerConfig.family} routers`
          : trainedRouter;
        const checkpoint = `d=${model.d}, ${model.layers} MoE layers, E=${model.numExperts} ${expertName(model.expert)} experts of f=${model.f}, ${router}`;
        log(
          `anyk demo — real text through the trained checkpoint (${checkpoint}), backend ${backend.name}: ${capture.inputs.length} bytes of ${source}; next-byte loss ${capture.meanLoss.toFixed(3)} nats. Every family routes each MoE layer's captured input over that layer's trained experts.\n`,
        );
        workload = checkpointWorkload(capture);
        reportWorkload = {
          kind: 'text',
          source,
          checkpoint,
          inputs: capture.inputs,
          tokenLosses: capture.tokenLosses,
          meanLoss: capture.meanLoss,
          trainedFamily: model.router.family,
          trainedExpertsPerToken: capture.trainedExpertsPerToken,
        };
        described = {
          kind: 'text',
          source,
          checkpoint: capture.checkpointPath,
          model,
          text: new TextDecoder().decode(capture.inputs),
          meanLoss: capture.meanLoss,
          tokenLosses: Array.from(capture.tokenLosses),
          trainedExpertsPerToken: capture.trainedExpertsPerToken.map((layer) => Array.from(layer)),
        };
      }
      const result = await runDemo(backend, {
        families: families as DemoFamily[],
        workload,
        progress: io.progress ?? createProgressBar(),
      });
      log(
        formatTable(
          [
            'family',
            'mean k',
            'min',
            'max',
            'mean k (stack)',
            'zero-expert share',
            'tokens/s',
            'time vs top-2',
            'deviation from top-2',
          ],
          result.rows.map((row) => [
            row.family,
            row.meanExperts.toFixed(2),
            String(row.minExperts),
            String(row.maxExperts),
            row.stackMeanExperts.toFixed(2),
            `${(row.zeroShare * 100).toFixed(1)}%`,
            row.tokensPerSecond.toFixed(0),
            `${row.timeVsTop2.toFixed(2)}x`,
            row.deviationFromTop2.toFixed(3),
          ]),
        ),
      );
      const directory = options.out !== undefined ? resolve(options.out) : defaultReportDirectory();
      await mkdir(directory, { recursive: true });
      const createdAt = new Date().toISOString();
      const machine = describeMachine();
      await writeFile(
        join(directory, 'index.html'),
        renderDemoReport({
          backend: backend.name,
          machine,
          createdAt,
          rows: result.rows,
          runs: result.runs,
          workload: reportWorkload,
        }),
      );
      await writeFile(
        join(directory, 'demo.json'),
        `${JSON.stringify(
          {
            backend: backend.name,
            workload: described,
            machine,
            createdAt,
            rows: result.rows,
            expertsPerToken: Object.fromEntries(
              result.runs.map((run) => [
                run.family,
                run.layers.map((layer) => Array.from(layer.expertsPerToken)),
              ]),
            ),
          },
          null,
          2,
        )}\n`,
      );
      log(`\nreport: ${join(directory, 'index.html')}`);
      return 0;
    } finally {
      await backend.dispose();
    }
  },
);
