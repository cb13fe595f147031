import { InvalidArgumentError } from '@anyk/core';
import { type AnyCheckpoint, openAnyCheckpoint } from '../checkpoints/open-any-checkpoint.ts';
import { describeRouterSpec } from '../report/describe-router-spec.ts';
import { defineCommand } from './define-command.ts';
import { formatTable } from './demo-command.ts';

/** One decoder layer as `anyk inspect` reports it. */
export interface InspectedLayer {
  readonly index: number;
  readonly kind: 'moe' | 'dense';
  /** Real (FFN) experts, identity/zero experts, expert width (MoE layers). */
  readonly experts?: number | undefined;
  readonly zeroExperts?: number | undefined;
  readonly expertWidth?: number | undefined;
  /** The native router in words. */
  readonly router?: string | undefined;
  readonly sharedExpert?: string | undefined;
}

/** What `anyk inspect` prints (and writes with `--json`). */
export interface InspectReport {
  readonly path: string;
  readonly format: AnyCheckpoint['format'];
  /** `model_type` for Hugging Face checkpoints; the router family for anyk training checkpoints. */
  readonly architecture: string;
  readonly hiddenSize: number;
  readonly layers: readonly InspectedLayer[];
  readonly dtypes: Readonly<Record<string, number>>;
  readonly parameterCount: number;
  readonly files: readonly string[];
}

/** Summarises a checkpoint without decoding its weights (anyk training checkpoints are small and decoded). */
export function inspectCheckpoint(opened: AnyCheckpoint): InspectReport {
  if (opened.format === 'anyk-train') {
    const config = opened.loaded.model.config;
    return {
      path: opened.path,
      format: opened.format,
      architecture: `anyk byte-level MoE LM (${config.router.family})`,
      hiddenSize: config.d,
      layers: Array.from({ length: config.layers }, (_, index) => {
        const layer = opened.loaded.model.moeLayer(index, 'infer');
        return {
          index,
          kind: 'moe' as const,
          experts: layer.spec.numExperts,
          zeroExperts: layer.spec.zeroComputation.length,
          expertWidth: layer.weights.f,
          router: describeRouterSpec(layer.spec, layer.params?.selectionBias !== undefined),
        };
      }),
      dtypes: opened.dtypeCounts,
      parameterCount: opened.parameterCount,
      files: [opened.path],
    };
  }
  const { checkpoint } = opened;
  const architecture = checkpoint.architecture;
  const hasBias = architecture.moeTensors(0).selectionBias !== undefined;
  return {
    path: opened.path,
    format: opened.format,
    architecture: architecture.modelType,
    hiddenSize: architecture.hiddenSize,
    layers: architecture.layerKinds.map((kind, index) =>
      kind === 'dense'
        ? { index, kind }
        : {
            index,
            kind,
            experts: architecture.numExperts,
            zeroExperts: architecture.identityExperts,
            expertWidth: architecture.expertWidth,
            router: describeRouterSpec(architecture.routerSpec, hasBias),
            sharedExpert: architecture.sharedExpert
              ? `1 x f=${architecture.sharedExpert.f}, gate ${architecture.sharedExpert.gate}`
              : undefined,
          },
    ),
    dtypes: checkpoint.dtypeCounts,
    parameterCount: checkpoint.parameterCount,
    files: checkpoint.index ? [checkpoint.index, ...checkpoint.files] : checkpoint.files,
  };
}

/** The report as text: a summary and one row per decoder layer. */
export function formatInspectReport(report: InspectReport): string {
  const moe = report.layers.filter((layer) => layer.kind === 'moe').length;
  const summary = [
    `checkpoint   ${report.path}`,
    `format       ${report.format}: ${report.architecture}`,
    `layers       ${report.layers.length} (${moe} MoE, ${report.layers.length - moe} dense), hidden size ${report.hiddenSize}`,
    `dtypes       ${Object.entries(report.dtypes)
      .map(([dtype, count]) => `${dtype} x${count}`)
      .join(', ')}`,
    `parameters   ${report.parameterCount.toLocaleString('en-US')}`,
    `files        ${report.files.join(', ')}`,
  ];
  const rows = report.layers.map((layer) => [
    String(layer.index),
    layer.kind,
    layer.experts === undefined
      ? '-'
      : `${layer.experts}${layer.zeroExperts ? ` + ${layer.zeroExperts}` : ''}`,
    layer.expertWidth === undefined ? '-' : String(layer.expertWidth),
    layer.router ?? '-',
    layer.sharedExpert ?? '-',
  ]);
  return `${summary.join('\n')}\n\n${formatTable(['layer', 'kind', 'experts', 'f', 'router', 'shared expert'], rows)}`;
}

/** `anyk inspect <checkpoint> [--json]`: architecture, layers (MoE or dense), experts, k, dtypes, parameters. */
export const inspectCommand = defineCommand(
  {
    name: 'inspect',
    summary:
      'a Hugging Face MoE folder, an anyk .safetensors checkpoint or "shipped": architecture, MoE / dense layers, experts, router, dtypes, parameter count',
    positional: {
      name: 'checkpoint',
      description: 'a Hugging Face folder, an anyk .safetensors checkpoint, or "shipped"',
    },
    options: { json: { type: 'boolean', description: 'print the report as JSON' } },
  },
  async ({ values, positionals }, io) => {
    const log = io.log ?? ((text: string) => console.log(text));
    const path = requireCheckpointPath(positionals, 'anyk inspect');
    const report = inspectCheckpoint(await openAnyCheckpoint(path, 'anyk inspect'));
    log(values.json ? JSON.stringify(report, null, 2) : formatInspectReport(report));
    return 0;
  },
);

/** The one `<checkpoint>` positional of `inspect` and `calibrate`, or a typed error naming it. */
export function requireCheckpointPath(positionals: readonly string[], command: string): string {
  const [path] = positionals;
  if (path === undefined)
    throw new InvalidArgumentError(
      'checkpoint',
      'one path (a Hugging Face folder, an anyk .safetensors checkpoint, or "shipped")',
      '',
      command,
    );
  return path;
}
