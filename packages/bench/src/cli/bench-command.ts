import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from '@anyk/core';
import { backendNames } from '../backends/create-backend.ts';
import { renderSuiteChart } from '../charts/suite-chart.ts';
import type { BenchReport } from '../harness/bench-report.ts';
import { formatMarkdownReport } from '../harness/markdown-report.ts';
import { createProgressBar, type Progress } from '../harness/progress-bar.ts';
import { runSuite } from '../harness/run-suite.ts';
import { benchSuites, getSuite } from '../suites/suite-registry.ts';
import { checkOptions, parseArgs } from './parse-args.ts';

export const benchUsage = `anyk bench --suite <name> [--json file] [--markdown file] [--svg file] [--quick] [--backend a,b]

Suites:
${benchSuites.map((suite) => `  ${suite.name.padEnd(20)}${suite.description}`).join('\n')}

--quick       small shapes and few runs (a smoke test; numbers mean little)
--backend     backends for suites that loop over them (routers); default: every one that can be created`;

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
export async function benchCommand(
  argv: readonly string[],
  io: { progress?: Progress; log?: (text: string) => void } = {},
): Promise<number> {
  const parsed = parseArgs(argv, ['quick', 'help']);
  checkOptions(parsed, ['suite', 'json', 'markdown', 'svg', 'quick', 'backend', 'help'], 'bench');
  const log = io.log ?? ((text: string) => process.stdout.write(text));
  if (parsed.options.help) {
    log(`${benchUsage}\n`);
    return 0;
  }
  if (parsed.positional.length > 0) {
    throw new InvalidArgumentError(
      'arguments',
      'only options (--suite name ...)',
      parsed.positional.join(' '),
      'anyk bench',
    );
  }
  const suite = getSuite(parsed.options.suite);
  let backends: string[] | undefined;
  if (typeof parsed.options.backend === 'string') {
    backends = parsed.options.backend.split(',');
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
    quick: parsed.options.quick === true,
    progress: io.progress ?? createProgressBar(),
    backends,
  });
  const markdown = formatMarkdownReport(report);
  log(markdown);
  if (typeof parsed.options.json === 'string')
    await writeOutput(parsed.options.json, `${JSON.stringify(report, null, 2)}\n`);
  if (typeof parsed.options.markdown === 'string') await writeOutput(parsed.options.markdown, markdown);
  if (typeof parsed.options.svg === 'string')
    await writeOutput(parsed.options.svg, `${renderSuiteChart(report)}\n`);
  return 0;
}
