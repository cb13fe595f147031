import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError } from '@anyk/core';
import { createBackend } from '../backends/create-backend.ts';
import { type CalibrationReport, calibrateCheckpoint } from '../calibrate/calibrate-checkpoint.ts';
import { type CalibratedFamily, calibratedFamilies } from '../calibrate/dynamic-router.ts';
import { openAnyCheckpoint } from '../checkpoints/open-any-checkpoint.ts';
import { defineCommand } from './define-command.ts';
import { formatTable } from './demo-command.ts';
import { requireCheckpointPath } from './inspect-command.ts';

const command = 'anyk calibrate';

/**
 * `anyk calibrate <checkpoint> [--hidden-states file] [--target-k x] [--family top-p,threshold]
 * [--tokens n] [--native-k n] [--backend name] [--json file] [--router-config file] [--quick]`: fits
 * training-free dynamic routers per MoE layer to a target mean k and reports k, output deviation from
 * the native top-k router, the loss change (anyk checkpoints) and layer time against top-k.
 * `--router-config` writes the top-p fit (`<file>` ; the threshold fit goes to `<file>` with
 * `.threshold.json`).
 */
export const calibrateCommand = defineCommand(
  {
    name: 'calibrate',
    summary:
      'fit training-free dynamic routers (top-p p, a probability threshold) per MoE layer to a target mean k; report k, deviation and layer time vs native top-k, loss change on anyk checkpoints',
    positional: {
      name: 'checkpoint',
      description: 'a Hugging Face folder, an anyk .safetensors checkpoint, or "shipped"',
    },
    options: {
      'hidden-states': {
        type: 'string',
        valueName: 'file',
        description: "a safetensors file of each MoE layer's input hidden states (Hugging Face checkpoints)",
      },
      'target-k': { type: 'string', valueName: 'x', description: 'the mean experts per token to fit' },
      family: {
        type: 'string',
        valueName: 'a,b',
        description: `the dynamic routers to fit (default: ${calibratedFamilies.join(',')})`,
      },
      tokens: { type: 'string', valueName: 'n', description: 'hidden states per layer to use' },
      'native-k': {
        type: 'string',
        valueName: 'n',
        description: "the native top-k router's k (default: the checkpoint's)",
      },
      backend: {
        type: 'string',
        valueName: 'name',
        default: 'node',
        description: 'the backend that runs the layers',
      },
      json: { type: 'string', valueName: 'file', description: 'write the report as JSON' },
      'router-config': {
        type: 'string',
        valueName: 'file',
        description: 'write the top-p fit as a router config (the threshold fit to <file>.threshold.json)',
      },
      quick: { type: 'boolean', description: 'fewer timing repeats' },
    },
  },
  async ({ values, positionals }, io) => {
    const log = io.log ?? ((text: string) => console.log(text));
    const path = requireCheckpointPath(positionals, command);
    const families = (values.family ?? calibratedFamilies.join(',')).split(',');
    for (const family of families)
      if (!(calibratedFamilies as readonly string[]).includes(family))
        throw new InvalidArgumentError(
          '--family',
          `a comma-separated list of ${calibratedFamilies.join(', ')}`,
          family,
          command,
        );
    const backendName = values.backend;
    const backend = await createBackend(backendName);
    try {
      const opened = await openAnyCheckpoint(path, command);
      const { report, routerConfigs } = await calibrateCheckpoint(opened, {
        backend,
        backendName,
        families: families as CalibratedFamily[],
        targetK: optionalNumber(values['target-k'], '--target-k', 0),
        hiddenStates: values['hidden-states'],
        tokens: optionalNumber(values.tokens, '--tokens', 1),
        nativeK: optionalNumber(values['native-k'], '--native-k', 1),
        timing: values.quick
          ? { warmup: 1, repeats: 3, maxTimeMs: 500 }
          : { warmup: 3, repeats: 15, maxTimeMs: 5000 },
      });
      log(formatCalibrationReport(report));
      if (values.json) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
      if (values['router-config']) {
        const base = values['router-config'];
        for (const [family, config] of Object.entries(routerConfigs)) {
          const file = family === 'top-p' ? base : base.replace(/(\.json)?$/, `.${family}.json`);
          await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
          log(`wrote the ${family} router config to ${file}`);
        }
      }
      return 0;
    } finally {
      await backend.dispose();
    }
  },
);

function optionalNumber(value: string | undefined, name: string, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!(Number.isFinite(parsed) && parsed >= minimum))
    throw new InvalidArgumentError(name, `a number >= ${minimum}`, value, command);
  return parsed;
}

/** The report as text: per layer and family, the fitted parameter, k, deviation and times. */
export function formatCalibrationReport(report: CalibrationReport): string {
  const rows: string[][] = [];
  const number = (value: number, digits = 3) => value.toFixed(digits);
  for (const layer of report.layers) {
    rows.push([
      String(layer.index),
      `native top-${report.nativeK}`,
      '-',
      number(layer.nativeMeanK, 2),
      '0',
      number(layer.nativeTimeMs),
      '1.00',
    ]);
    for (const entry of layer.families) {
      if ('unsupported' in entry) {
        rows.push([String(layer.index), entry.family, '-', '-', '-', '-', entry.unsupported]);
        continue;
      }
      const parameter =
        entry.family === 'threshold'
          ? `tau=${(1 / (1 + Math.exp(-entry.parameter))).toPrecision(4)}`
          : `p=${entry.parameter.toPrecision(4)}`;
      rows.push([
        String(layer.index),
        entry.family,
        parameter,
        number(entry.meanK, 2),
        number(entry.relativeL2),
        number(entry.timeMs),
        (entry.timeMs / layer.nativeTimeMs).toFixed(2),
      ]);
    }
  }
  const lines = [
    `checkpoint ${report.checkpoint} (${report.format}), backend ${report.backend}, ${report.tokens} tokens per layer, target mean k ${report.targetK}`,
    '',
    formatTable(
      ['layer', 'router', 'fitted', 'mean k', 'rel. L2 vs top-k', 'layer ms', 'time / top-k'],
      rows,
    ),
    '',
    `mean k over layers: ${Object.entries(report.meanK)
      .map(([name, value]) => `${name} ${value.toFixed(3)}`)
      .join(', ')}`,
  ];
  if (report.loss)
    lines.push(
      `next-byte loss (nats): ${Object.entries(report.loss)
        .map(
          ([name, value]) =>
            `${name} ${value.toFixed(4)}${name === 'trained' || name === 'native' ? '' : ` (${value - (report.loss?.native as number) >= 0 ? '+' : ''}${(value - (report.loss?.native as number)).toFixed(4)} vs native top-${report.nativeK})`}`,
        )
        .join(', ')}`,
    );
  return lines.join('\n');
}
