import { barChart, type SvgFragment, stackFragments, svgDocument, svgText } from '@anyk/train/charts';
import type { BenchReport, BenchRow } from '../harness/bench-report.ts';
import { formatMachine } from '../harness/machine-info.ts';

/** The metric a row's bar shows: throughput when the row has one (higher is better), else time. */
export function primaryMetric(rows: readonly BenchRow[]): { key: string; unit: string } {
  const has = (key: string): boolean => rows.some((row) => typeof row.metrics[key] === 'number');
  if (has('gflops')) return { key: 'gflops', unit: 'GFLOP/s at the median (higher is better)' };
  if (has('tokensPerSecond'))
    return { key: 'tokensPerSecond', unit: 'tokens/s at the median (higher is better)' };
  if (rows.some((row) => row.medianMs !== null))
    return { key: 'medianMs', unit: 'median ms (lower is better)' };
  const counter = rows.flatMap((row) => Object.keys(row.metrics))[0];
  return counter === undefined ? { key: 'medianMs', unit: 'median ms' } : { key: counter, unit: counter };
}

/**
 * One SVG per suite: a panel per row group (one shape, one question), a bar per implementation, error rows
 * drawn as their message so a missing peer is visible rather than absent.
 */
export function renderSuiteChart(report: BenchReport): string {
  const groups = new Map<string, BenchRow[]>();
  for (const row of report.rows) groups.set(row.group, [...(groups.get(row.group) ?? []), row]);
  const implementations = [...new Set(report.rows.map((row) => row.implementation))];
  const panels: SvgFragment[] = [
    {
      width: 720,
      height: 34,
      content: [
        svgText(0, 14, `anyk bench — ${report.suite}${report.quick ? ' (quick: smoke-test shapes)' : ''}`, {
          size: 15,
          weight: 'bold',
        }),
        svgText(0, 30, formatMachine(report.machine), { size: 10, fill: '#555555' }),
      ].join(''),
    },
  ];
  for (const [group, rows] of groups) {
    const metric = primaryMetric(rows);
    panels.push(
      barChart({
        title: group,
        unit: metric.unit,
        bars: rows.map((row) => {
          const value = metric.key === 'medianMs' ? row.medianMs : (row.metrics[metric.key] ?? null);
          return {
            label: `${row.implementation}${row.threads === null ? '' : ` ${row.threads}t`}`,
            value: row.error === undefined ? value : null,
            note: row.error === undefined ? 'n/a' : `error: ${row.error.slice(0, 90)}`,
            colourIndex: implementations.indexOf(row.implementation),
          };
        }),
      }),
    );
  }
  return svgDocument(stackFragments(panels), `anyk bench ${report.suite}`);
}
