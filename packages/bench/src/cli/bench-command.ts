import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from '@anyk/core';
import { backendNames } from '../backends/create-backend.ts';
import { renderSuiteChart } from '../charts/suite-chart.ts';
import type { BenchReport } from '../harness/bench-report.ts';
import { formatMarkdownReport } from '../harness/markdown-report.ts';
import { createProgressBar } from '../harness/progress-bar.ts';
import { runSuite } from '../harness/run-suite.ts';
import { benchSuites, getSuite } from '../suites/suite-registry.ts';
import { defineCommand } from './define-command.ts';

async function writeOutput(file: string, text: string): Promise<void> {
  const path = resolve(file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/**
 * `anyk bench --suite <name>`: runs one suite, prints its Markdown table, and writes JSON / Markdown / SVG
 * where asked. Rows that could not be measured carry their error; the exit code stays 0, because a
 * benchmark reports and never fails a run. Bad arguments exit 2 through the CLI's error handler.
 */
export const benchCommand = defineCommand(
  {
    name: 'bench',
    summary: 'run one benchmark suite, print its Markdown table, write JSON / Markdown / SVG',
    options: {
      suite: { type: 'string', valueName: 'name', description: 'the suite to run (listed below)' },
      json: { type: 'string', valueName: 'file', description: 'write the report as JSON' },
      markdown: { type: 'string', valueName: 'file', description: 'write the Markdown table' },
      svg: { type: 'string', valueName: 'file', description: 'write the SVG chart' },
      quick: {
        type: 'boolean',
        description: 'small shapes and few runs (a smoke test; numbers mean little)',
      },
      backend: {
        type: 'string',
        valueName: 'a,b',
        description:
          'backends for suites that loop over them (routers); default: every one that can be created',
      },
    },
    notes: () =>
      `Suites:\n${benchSuites.map((suite) => `  ${suite.name.padEnd(20)}${suite.description}`).join('\n')}`,
  },
  async ({ values }, io) => {
    const log = io.log ?? ((text: string) => process.stdout.write(text));
    const suite = getSuite(values.suite);
    let backends: string[] | undefined;
    if (values.backend !== undefined) {
      backends = values.backend.split(',');
      for (const name of backends) {
        if (!(backendNames as readonly string[]).includes(name)) {
          throw new InvalidArgumentError(
            '--backend',
            `a comma-separated list of ${backendNames.join(', ')}`,
            name,
            'anyk bench',
          );
        }
      }
    }
    const report: BenchReport = await runSuite(suite, {
      quick: values.quick === true,
      progress: io.progress ?? createProgressBar(),
      backends,
    });
    const markdown = formatMarkdownReport(report);
    log(markdown);
    if (values.json !== undefined) await writeOutput(values.json, `${JSON.stringify(report, null, 2)}\n`);
    if (values.markdown !== undefined) await writeOutput(values.markdown, markdown);
    if (values.svg !== undefined) await writeOutput(values.svg, `${renderSuiteChart(report)}\n`);
    return 0;
  },
);
