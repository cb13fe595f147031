import { heatmapChart } from '../charts/heatmap-chart.ts';
import { histogramChart } from '../charts/histogram-chart.ts';
import { scatterChart } from '../charts/scatter-chart.ts';
import { escapeXml, svgDocument } from '../charts/svg-fragment.ts';
import type { DemoRow, DemoShape } from '../demo/demo-model.ts';
import type { DemoStackRun } from '../demo/run-demo-stack.ts';
import { formatMachine, type MachineInfo } from '../harness/machine-info.ts';

/** Everything the demo report shows. */
export interface DemoReportData {
  readonly backend: string;
  readonly shape: DemoShape;
  readonly machine: MachineInfo;
  readonly createdAt: string;
  readonly rows: readonly DemoRow[];
  readonly runs: readonly DemoStackRun[];
  /** `[tokens]` difficulty in [0, 1] of each token (heatmap columns are sorted by it). */
  readonly difficulty: Float32Array;
}

/** Counts of experts per token: `counts[k]` tokens used k FFN experts. */
export function expertsHistogram(expertsPerToken: Int32Array): number[] {
  let max = 0;
  for (const count of expertsPerToken) max = Math.max(max, count);
  const counts = new Array<number>(max + 1).fill(0);
  for (const count of expertsPerToken) counts[count] = (counts[count] as number) + 1;
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

/**
 * The demo's report as one self-contained HTML page (inline CSS and SVG, no script, no external file):
 * the table, time against mean k, and per family an experts-per-token histogram and a token x layer heatmap
 * of k with tokens sorted from easy to hard. Written as well-formed XHTML so it can be checked as XML.
 */
export function renderDemoReport(data: DemoReportData): string {
  const { shape } = data;
  const order = Array.from({ length: shape.tokens }, (_, index) => index).sort(
    (a, b) => (data.difficulty[a] as number) - (data.difficulty[b] as number),
  );
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
    const values = new Int32Array(run.layers.length * shape.tokens);
    run.layers.forEach((layer, layerIndex) => {
      order.forEach((token, column) => {
        values[layerIndex * shape.tokens + column] = layer.expertsPerToken[token] as number;
      });
    });
    const heatmap = svgDocument(
      heatmapChart({
        title: `${run.family}: k per token and layer`,
        rows: run.layers.length,
        columns: shape.tokens,
        values,
        rowLabel: (row) => `layer ${row + 1}`,
        xLabel: `${shape.tokens} tokens, sorted from easy (left) to hard (right)`,
        maxValue: maxK,
        width: 640,
      }),
      `${run.family} heatmap`,
    );
    return `<section>\n<h3>${escapeXml(run.family)}</h3>\n<div class="row">${histogram}${heatmap}</div>\n</section>`;
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
</style>
</head>
<body>
<h1>anyk demo — dynamic routing at a glance</h1>
<p class="meta">Backend <b>${escapeXml(data.backend)}</b>; ${shape.tokens} seeded tokens, d=${shape.d}, f=${shape.f}, E=${shape.experts} SwiGLU experts, ${data.runs[0]?.layers.length ?? 0} layers per family (each layer reads the previous output plus its residual). ${escapeXml(formatMachine(data.machine))}. ${escapeXml(data.createdAt)}.</p>
<p>Token difficulty is documented: easy tokens sit on one expert's direction (peaked router logits), hard tokens are noise (flat logits). Dynamic routers give hard tokens more experts; top-k gives every token the same k.</p>
<h2>Summary</h2>
${table(data.rows)}
<h2>Time vs experts used</h2>
${scatter}
<h2>Per family</h2>
${sections.join('\n')}
</body>
</html>
`;
}
