import { InvalidArgumentError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { runBenchCase } from './bench-case.ts';
import { ratioOfRows } from './bench-report.ts';
import { describeMachine } from './machine-info.ts';
import { formatMarkdownReport, formatNumber } from './markdown-report.ts';
import { measureSamples } from './measure-samples.ts';
import { createProgressBar } from './progress-bar.ts';
import { summariseSamples } from './summarise-samples.ts';

describe('summariseSamples', () => {
  it('takes the middle value of an odd count, min, max and mean', () => {
    expect(summariseSamples([5, 1, 9, 3, 7])).toEqual({
      medianMs: 5,
      minMs: 1,
      maxMs: 9,
      meanMs: 5,
      runs: 5,
    });
  });

  it('averages the two middle values of an even count', () => {
    expect(summariseSamples([4, 1, 10, 2])).toMatchObject({ medianMs: 3, minMs: 1, maxMs: 10, meanMs: 4.25 });
  });

  it('rejects no samples and non-finite samples with a typed error', () => {
    expect(() => summariseSamples([])).toThrow(InvalidArgumentError);
    expect(() => summariseSamples([1, Number.NaN])).toThrow(/finite, non-negative/);
  });
});

describe('measureSamples', () => {
  it('runs the warm-up untimed, then stops at the repeat count', async () => {
    let calls = 0;
    let now = 0;
    const samples = await measureSamples(
      async () => {
        calls++;
        now += 2;
        return 2;
      },
      { warmup: 2, repeats: 4, maxTimeMs: 1e9 },
      () => now,
    );
    expect(calls).toBe(6);
    expect(samples).toEqual([2, 2, 2, 2]);
  });

  it('stops when the time budget is spent, after the minimum repeats', async () => {
    let now = 0;
    const samples = await measureSamples(
      async () => {
        now += 100;
        return 100;
      },
      { warmup: 0, repeats: 50, maxTimeMs: 250, minRepeats: 2 },
      () => now,
    );
    expect(samples).toHaveLength(3);
  });
});

describe('runBenchCase', () => {
  const identity = { id: 'a', group: 'g', implementation: 'impl', shape: { T: 4 }, threads: 1 };

  it('turns setup failures into an error row instead of throwing', async () => {
    const row = await runBenchCase(
      {
        ...identity,
        async setup() {
          throw new Error('peer did not load');
        },
      },
      { warmup: 0, repeats: 1, maxTimeMs: 10 },
    );
    expect(row).toMatchObject({ id: 'a', medianMs: null, runs: 0, error: 'peer did not load' });
  });

  it('derives GFLOP/s and tokens/s from the median and disposes', async () => {
    let disposed = false;
    const row = await runBenchCase(
      {
        ...identity,
        async setup() {
          return {
            premeasured: { medianMs: 2, minMs: 1, maxMs: 3, runs: 3 },
            work: { flops: 4e6, tokens: 10 },
            metrics: { meanExperts: 1.5 },
            dispose: () => {
              disposed = true;
            },
          };
        },
      },
      { warmup: 0, repeats: 1, maxTimeMs: 10 },
    );
    expect(row.metrics).toEqual({ gflops: 2, tokensPerSecond: 5000, meanExperts: 1.5 });
    expect(disposed).toBe(true);
    expect(ratioOfRows([row], { id: 'a', metric: 'gflops' }, { id: 'a', metric: 'tokensPerSecond' })).toBe(
      2 / 5000,
    );
    expect(ratioOfRows([row], { id: 'a', metric: 'gflops' }, { id: 'missing', metric: 'gflops' })).toBeNull();
  });
});

describe('reports', () => {
  it('formats a Markdown table with the machine, rows, errors and ratios', () => {
    const markdown = formatMarkdownReport({
      suite: 's',
      startedAt: '2026-01-01T00:00:00.000Z',
      quick: true,
      machine: describeMachine(),
      rows: [
        {
          id: 'r1',
          group: 'g',
          implementation: 'x',
          shape: { T: 1 },
          threads: 1,
          medianMs: 1.5,
          minMs: 1,
          maxMs: 2,
          runs: 3,
          metrics: { gflops: 12345 },
        },
        {
          id: 'r2',
          group: 'g',
          implementation: 'y|z',
          shape: {},
          threads: null,
          medianMs: null,
          minMs: null,
          maxMs: null,
          runs: 0,
          metrics: {},
          error: 'no',
        },
      ],
      ratios: { a_vs_b: 0.5, missing: null },
      notes: ['note'],
    });
    expect(markdown).toContain('| r1 | x | T=1 | 1 | 1.50 | 1 | 2 | 3 | 12,345 |');
    expect(markdown).toContain('| r2 | y\\|z |  | - | error: no |');
    expect(markdown).toContain('| a_vs_b | 0.500 |');
    expect(markdown).toContain('| missing | n/a |');
    expect(formatNumber(0.000123)).toBe('0.000123');
  });

  it('draws a progress bar only on a terminal', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (text: string) => written.push(text) };
    const quiet = createProgressBar(stream);
    quiet.start(2, 'x');
    quiet.tick('a');
    expect(written).toEqual([]);
    const bar = createProgressBar({ ...stream, isTTY: true, columns: 80 });
    bar.start(2, 'suite');
    bar.tick('case');
    expect(written.at(-1)).toContain('suite [############------------] 1/2 case');
    bar.done();
  });
});
