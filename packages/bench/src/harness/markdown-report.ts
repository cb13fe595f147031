import type { BenchReport, BenchRow } from './bench-report.ts';
import { formatMachine } from './machine-info.ts';

/** Formats a number for a table: 3 significant digits, thousands kept whole. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Number.isInteger(value)) return String(value);
  return value.toPrecision(3);
}

/** `T=512 d=1024 E=8` */
export function formatShape(shape: BenchRow['shape']): string {
  return Object.entries(shape)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The metric columns of a report: every metric name any row has, in first-seen order. */
export function metricNames(rows: readonly BenchRow[]): string[] {
  const names: string[] = [];
  for (const row of rows)
    for (const name of Object.keys(row.metrics)) if (!names.includes(name)) names.push(name);
  return names;
}

/**
 * The report as Markdown: the machine, one table of every row (times in ms, rates at the median), the
 * ratios, and the notes, the way numbers are published in docs.
 */
export function formatMarkdownReport(report: BenchReport): string {
  const metrics = metricNames(report.rows);
  const header = [
    'id',
    'implementation',
    'shape',
    'threads',
    'median ms',
    'min ms',
    'max ms',
    'runs',
    ...metrics,
  ];
  const lines = [
    `# anyk bench — ${report.suite}${report.quick ? ' (quick)' : ''}`,
    '',
    `Machine: ${formatMachine(report.machine)}. Started ${report.startedAt}.`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, column) => (column < 3 ? '---' : '---:')).join(' | ')} |`,
  ];
  for (const row of report.rows) {
    const cells = [
      row.id,
      row.implementation,
      formatShape(row.shape),
      row.threads === null ? '-' : String(row.threads),
      row.error === undefined ? formatNumber(row.medianMs) : `error: ${row.error}`,
      formatNumber(row.minMs),
      formatNumber(row.maxMs),
      String(row.runs),
      ...metrics.map((name) => formatNumber(row.metrics[name])),
    ];
    lines.push(`| ${cells.map(escapeCell).join(' | ')} |`);
  }
  const ratios = Object.entries(report.ratios);
  if (ratios.length > 0) {
    lines.push('', '| ratio | value |', '| --- | ---: |');
    for (const [name, value] of ratios)
      lines.push(`| ${name} | ${value === null ? 'n/a' : value.toFixed(3)} |`);
  }
  if (report.notes.length > 0) {
    lines.push('');
    for (const note of report.notes) lines.push(`- ${escapeCell(note)}`);
  }
  return `${lines.join('\n')}\n`;
}
