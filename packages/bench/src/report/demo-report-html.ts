import { pearson } from '@anyk/core/internal';
import {
  escapeXml,
  heatmapChart,
  histogramChart,
  scatterChart,
  sequentialColour,
  svgDocument,
} from '@anyk/train/charts';
import type { DemoRow, DemoShape } from '../demo/demo-model.ts';
import type { DemoStackRun } from '../demo/run-demo-stack.ts';
import { formatMachine, type MachineInfo } from '../harness/machine-info.ts';

/** The seeded synthetic batch (`--synthetic`). */
export interface SyntheticReportWorkload {
  readonly kind: 'synthetic';
  readonly shape: DemoShape;
  /** `[tokens]` difficulty in [0, 1] of each token (heatmap columns are sorted by it). */
  readonly difficulty: Float32Array;
}

/** Real text through the trained checkpoint. */
export interface TextReportWorkload {
  readonly kind: 'text';
  /** Where the passage came from, in words. */
  readonly source: string;
  /** The checkpoint, in words (shape, router). */
  readonly checkpoint: string;
  /** `[tokens]` input byte of each token. */
  readonly inputs: Uint8Array;
  /** `[tokens]` next-byte cross-entropy, nats. */
  readonly tokenLosses: Float64Array;
  readonly meanLoss: number;
  /** The checkpoint's router family (its routing is the trained one). */
  readonly trainedFamily: string;
  /** Per MoE layer, the trained router's FFN experts per token inside the model's forward. */
  readonly trainedExpertsPerToken: readonly Int32Array[];
}

/** Everything the demo report shows. */
export interface DemoReportData {
  readonly backend: string;
  readonly machine: MachineInfo;
  readonly createdAt: string;
  readonly rows: readonly DemoRow[];
  readonly runs: readonly DemoStackRun[];
  readonly workload: SyntheticReportWorkload | TextReportWorkload;
}

/** A correlation with 3 decimals; `n/a` where it is undefined (a constant series, e.g. top-2's k). */
function formatCorrelation(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : 'n/a';
}

/** A byte as one visible character: printable ASCII as itself, newline as ↵, space as ·, others as hex. */
export function byteLabel(byte: number): string {
  if (byte === 10) return '↵';
  if (byte === 32) return '·';
  if (byte > 32 && byte < 127) return String.fromCharCode(byte);
  return byte.toString(16).padStart(2, '0');
}

/** Per token, the FFN experts summed over the layers. */
export function expertsOverLayers(layers: readonly Int32Array[], tokens: number): Float64Array {
  const total = new Float64Array(tokens);
  for (const layer of layers)
    for (let token = 0; token < tokens; token++) total[token] = total[token]! + layer[token]!;
  return total;
}

/**
 * The passage, one span per byte coloured by the experts the trained router gave it (summed over the MoE
 * layers), with k per layer and the next-byte loss in the tooltip; then the bytes that got the most and
 * the fewest experts on average, and the loss-experts correlation.
 */
function passageSection(text: TextReportWorkload): string {
  const tokens = text.inputs.length;
  const layers = text.trainedExpertsPerToken;
  const total = expertsOverLayers(layers, tokens);
  let maxTotal = 1;
  for (const value of total) maxTotal = Math.max(maxTotal, value);
  const spans: string[] = [];
  for (let token = 0; token < tokens; token++) {
    const byte = text.inputs[token]!;
    const perLayer = layers.map((layer) => layer[token]!).join(' + ');
    const character =
      byte === 10 ? '↵\n' : byte >= 32 && byte < 127 ? String.fromCharCode(byte) : byteLabel(byte);
    const fraction = total[token]! / maxTotal;
    const colour = fraction > 0.55 ? '#ffffff' : '#111111';
    spans.push(
      `<span style="background:${sequentialColour(fraction)};color:${colour}" title="${escapeXml(`${JSON.stringify(String.fromCharCode(byte))}: k = ${perLayer}, next-byte loss ${text.tokenLosses[token]!.toFixed(2)} nats`)}">${escapeXml(character)}</span>`,
    );
  }
  const legend = Array.from({ length: Math.round(maxTotal) + 1 }, (_, value) => value)
    .filter((value) => value >= layers.length)
    .map(
      (value) =>
        `<span style="background:${sequentialColour(value / maxTotal)};color:${value / maxTotal > 0.55 ? '#ffffff' : '#111111'}">&#160;${value}&#160;</span>`,
    )
    .join(' ');
  const byByte = new Map<number, { count: number; sum: number; loss: number }>();
  for (let token = 0; token < tokens; token++) {
    const byte = text.inputs[token]!;
    const entry = byByte.get(byte) ?? { count: 0, sum: 0, loss: 0 };
    entry.count++;
    entry.sum += total[token]!;
    entry.loss += text.tokenLosses[token]!;
    byByte.set(byte, entry);
  }
  const frequent = [...byByte.entries()]
    .filter(([, entry]) => entry.count >= 5)
    .map(([byte, entry]) => ({
      byte,
      count: entry.count,
      k: entry.sum / entry.count,
      loss: entry.loss / entry.count,
    }))
    .sort((a, b) => b.k - a.k);
  const byteRows = (list: typeof frequent): string =>
    list
      .map(
        (entry) =>
          `<tr><td><code>${escapeXml(byteLabel(entry.byte))}</code></td><td class="num">${entry.count}</td><td class="num">${entry.k.toFixed(2)}</td><td class="num">${entry.loss.toFixed(2)}</td></tr>`,
      )
      .join('\n');
  const byteTable = (title: string, list: typeof frequent): string =>
    `<table><caption>${escapeXml(title)}</caption><thead><tr><th>byte</th><th>count</th><th>mean experts (all layers)</th><th>mean loss</th></tr></thead><tbody>\n${byteRows(list)}\n</tbody></table>`;
  const correlations = [
    `all layers (experts summed): <b>${formatCorrelation(pearson(text.tokenLosses, total))}</b>`,
    ...layers.map(
      (layer, index) => `layer ${index + 1}: ${formatCorrelation(pearson(text.tokenLosses, layer))}`,
    ),
  ].join('; ');
  return `<h2>The passage, coloured by experts used (${escapeXml(text.trainedFamily)}, the trained router)</h2>
<p>Each byte is one token; its colour is the number of FFN experts the checkpoint's own ${escapeXml(text.trainedFamily)} router gave it, summed over the ${layers.length} MoE layers (hover for k per layer and the next-byte loss). ↵ is a newline. Legend: ${legend}</p>
<div class="passage">${spans.join('')}</div>
<p>Pearson correlation between a token's next-byte loss (cross-entropy under the model) and the experts it used — ${correlations}. Mean loss ${text.meanLoss.toFixed(3)} nats/byte.</p>
<div class="row">${byteTable('Bytes with the most experts (seen at least 5 times)', frequent.slice(0, 8))}${byteTable('Bytes with the fewest experts', frequent.slice(-8).reverse())}</div>`;
}

/** Counts of experts per token: `counts[k]` tokens used k FFN experts. */
export function expertsHistogram(expertsPerToken: Int32Array): number[] {
  let max = 0;
  for (const count of expertsPerToken) max = Math.max(max, count);
  const counts = new Array<number>(max + 1).fill(0);
  for (const count of expertsPerToken) counts[count] = counts[count]! + 1;
  return counts;
}

function table(rows: readonly DemoRow[]): string {
  const header = [
    'family',
    'mean k (layer 1)',
    'min',
    'max',
    'mean k (stack)',
    'zero-expert share',
    'tokens/s',
    'time vs top-2',
    'deviation from top-2',
  ];
  const body = rows
    .map((row) =>
      [
        row.family,
        row.meanExperts.toFixed(2),
        String(row.minExperts),
        String(row.maxExperts),
        row.stackMeanExperts.toFixed(2),
        `${(row.zeroShare * 100).toFixed(1)}%`,
        row.tokensPerSecond.toFixed(0),
        `${row.timeVsTop2.toFixed(2)}x`,
        row.deviationFromTop2.toFixed(3),
      ]
        .map((cell, column) => `<td${column > 0 ? ' class="num"' : ''}>${escapeXml(cell)}</td>`)
        .join(''),
    )
    .map((cells) => `<tr>${cells}</tr>`)
    .join('\n');
  return `<table>\n<thead><tr>${header.map((cell) => `<th>${escapeXml(cell)}</th>`).join('')}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function syntheticIntro(data: DemoReportData, workload: SyntheticReportWorkload): string {
  const { shape } = workload;
  return `<p class="meta">Backend <b>${escapeXml(data.backend)}</b>; ${shape.tokens} seeded tokens, d=${shape.d}, f=${shape.f}, E=${shape.experts} SwiGLU experts, ${data.runs[0]?.layers.length ?? 0} layers per family (each layer reads the previous output plus its residual). ${escapeXml(formatMachine(data.machine))}. ${escapeXml(data.createdAt)}.</p>
<p>Token difficulty is documented: easy tokens sit on one expert's direction (peaked router logits), hard tokens are noise (flat logits). Dynamic routers give hard tokens more experts; top-k gives every token the same k.</p>`;
}

function textIntro(data: DemoReportData, workload: TextReportWorkload): string {
  return `<p class="meta">Backend <b>${escapeXml(data.backend)}</b>; ${workload.inputs.length} bytes of ${escapeXml(workload.source)} through the trained checkpoint (${escapeXml(workload.checkpoint)}). ${escapeXml(formatMachine(data.machine))}. ${escapeXml(data.createdAt)}.</p>
<p>Real text: the checkpoint runs on the passage and, at each of its MoE layers, the layer's input (after the pre-norm) is routed by every family over that layer's trained experts. Top-p with the trained p is the model's own router; the other families reuse the trained router rows (zero-computation candidates get seeded rows of the same scale), so their rows show what each routing rule does with the same trained weights, not what a model trained with that rule would do.</p>`;
}

/**
 * The demo's report as one self-contained HTML page (inline CSS and SVG, no script, no external file):
 * the table, time against mean k, and per family an experts-per-token histogram and a token x layer heatmap
 * of k with tokens sorted from easy to hard. Written as well-formed XHTML so it can be checked as XML.
 */
export function renderDemoReport(data: DemoReportData): string {
  const { workload } = data;
  const tokens = data.runs[0]?.layers[0]?.expertsPerToken.length ?? 0;
  const order = Array.from({ length: tokens }, (_, index) => index);
  if (workload.kind === 'synthetic') order.sort((a, b) => workload.difficulty[a]! - workload.difficulty[b]!);
  const scatter = svgDocument(
    scatterChart({
      title: 'Layer time vs mean experts per token (first layer)',
      points: data.rows.map((row) => ({ label: row.family, x: row.meanExperts, y: row.medianMs })),
      xLabel: 'mean FFN experts per token',
      yLabel: 'median forward time, ms',
    }),
    'time vs mean k',
  );
  const maxK = Math.max(
    2,
    ...data.runs.flatMap((run) => run.layers.map((layer) => Math.max(...layer.expertsPerToken))),
  );
  const sections = data.runs.map((run, index) => {
    const first = run.layers[0];
    const histogram = first
      ? svgDocument(
          histogramChart({
            title: `${run.family}: tokens per k (layer 1)`,
            counts: expertsHistogram(first.expertsPerToken),
            xLabel: 'FFN experts per token',
            colourIndex: index,
            width: 260,
          }),
          `${run.family} histogram`,
        )
      : '';
    const values = new Int32Array(run.layers.length * tokens);
    run.layers.forEach((layer, layerIndex) => {
      order.forEach((token, column) => {
        values[layerIndex * tokens + column] = layer.expertsPerToken[token]!;
      });
    });
    const heatmap = svgDocument(
      heatmapChart({
        title: `${run.family}: k per token and layer`,
        rows: run.layers.length,
        columns: tokens,
        values,
        rowLabel: (row) => `layer ${row + 1}`,
        xLabel:
          workload.kind === 'synthetic'
            ? `${tokens} tokens, sorted from easy (left) to hard (right)`
            : `${tokens} tokens in passage order, labelled by their byte (· space, ↵ newline)`,
        maxValue: maxK,
        width: 640,
        columnLabel: workload.kind === 'text' ? (column) => byteLabel(workload.inputs[column]!) : undefined,
      }),
      `${run.family} heatmap`,
    );
    const body =
      workload.kind === 'text'
        ? `<div class="row">${histogram}</div>\n<div class="scroll">${heatmap}</div>`
        : `<div class="row">${histogram}${heatmap}</div>`;
    return `<section>\n<h3>${escapeXml(run.family)}</h3>\n${body}\n</section>`;
  });
  return `<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head>
<meta charset="utf-8"/>
<title>anyk demo report</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 1100px; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.row { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.meta { color: #555; font-size: 0.9rem; }
.scroll { overflow-x: auto; max-width: 100%; }
.passage { font-family: ui-monospace, monospace; font-size: 0.85rem; line-height: 1.5; white-space: pre-wrap; word-break: break-all; border: 1px solid #ddd; padding: 0.5rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
</style>
</head>
<body>
<h1>anyk demo — dynamic routing at a glance</h1>
${workload.kind === 'synthetic' ? syntheticIntro(data, workload) : textIntro(data, workload)}
<h2>Summary</h2>
${table(data.rows)}
<h2>Time vs experts used</h2>
${scatter}
${workload.kind === 'text' ? passageSection(workload) : ''}
<h2>Per family</h2>
${sections.join('\n')}
</body>
</html>
`;
}
