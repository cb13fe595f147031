import { describe, expect, it } from 'vitest';
import type { BenchCase } from './bench-case.ts';
import type { SuiteContext } from './bench-suite.ts';
import { silentProgress } from './progress-bar.ts';
import { runBenchCasesInterleaved } from './run-interleaved.ts';

const context = (repeats: number, maxTimeMs = 1e9, minRepeats = 1): SuiteContext => ({
  quick: true,
  measure: { warmup: 1, repeats, maxTimeMs, minRepeats },
  progress: silentProgress,
  backends: undefined,
});

/** A case whose calls append its name to `calls` and take `milliseconds` by its own clock. */
function recordingCase(name: string, calls: string[], milliseconds: number, extra: Partial<BenchCase> = {}) {
  const disposed = { value: false };
  const benchCase: BenchCase = {
    id: name,
    group: 'g',
    implementation: name,
    shape: {},
    threads: 1,
    async setup() {
      return {
        async runTimed() {
          calls.push(name);
          return milliseconds;
        },
        work: { tokens: 1 },
        dispose() {
          disposed.value = true;
        },
      };
    },
    ...extra,
  };
  return { benchCase, disposed };
}

describe('runBenchCasesInterleaved', () => {
  it('warms every case up, then calls each once per round, the first case rotating', async () => {
    const calls: string[] = [];
    const a = recordingCase('a', calls, 2);
    const b = recordingCase('b', calls, 4);
    const c = recordingCase('c', calls, 6);
    const rows = await runBenchCasesInterleaved([a.benchCase, b.benchCase, c.benchCase], context(3), 't');
    expect(calls.join('')).toBe(`abc${'abc'}${'bca'}${'cab'}`);
    expect(rows.map((row) => [row.id, row.medianMs, row.runs])).toEqual([
      ['a', 2, 3],
      ['b', 4, 3],
      ['c', 6, 3],
    ]);
    expect(rows[1]!.metrics.tokensPerSecond).toBe(250);
    expect([a, b, c].every((entry) => entry.disposed.value)).toBe(true);
  });

  it('turns a failing setup or call into an error row and keeps timing the others', async () => {
    const calls: string[] = [];
    const good = recordingCase('good', calls, 1);
    const badSetup = recordingCase('bad-setup', calls, 1, {
      async setup() {
        throw new Error('peer did not load');
      },
    });
    let failing = 0;
    const badRun: BenchCase = {
      ...good.benchCase,
      id: 'bad-run',
      async setup() {
        return {
          async runTimed() {
            failing++;
            if (failing > 2) throw new Error('worker died');
            return 1;
          },
        };
      },
    };
    const rows = await runBenchCasesInterleaved(
      [good.benchCase, badSetup.benchCase, badRun],
      context(4),
      't',
    );
    expect(rows[0]).toMatchObject({ id: 'good', runs: 4 });
    expect(rows[1]).toMatchObject({ id: 'bad-setup', medianMs: null, error: 'peer did not load' });
    expect(rows[2]).toMatchObject({ id: 'bad-run', medianMs: null, error: 'worker died' });
  });

  it('stops once the time budget per case is spent and every case has its minimum', async () => {
    const calls: string[] = [];
    const a = recordingCase('a', calls, 100);
    const b = recordingCase('b', calls, 100);
    // Budget 250 ms per case, 2 cases: 500 ms in all, spent after 3 rounds (600 ms).
    const rows = await runBenchCasesInterleaved([a.benchCase, b.benchCase], context(50, 250, 2), 't');
    expect(rows.map((row) => row.runs)).toEqual([3, 3]);
  });

  it('caps a case at its own repeats and takes premeasured timings as they are', async () => {
    const calls: string[] = [];
    const slow = recordingCase('slow', calls, 9, { measure: { repeats: 1 } });
    const fast = recordingCase('fast', calls, 1);
    const premeasured: BenchCase = {
      ...fast.benchCase,
      id: 'pre',
      async setup() {
        return { premeasured: { medianMs: 7, minMs: 6, maxMs: 8, runs: 5 } };
      },
    };
    const rows = await runBenchCasesInterleaved(
      [slow.benchCase, fast.benchCase, premeasured],
      context(3),
      't',
    );
    expect(rows.map((row) => [row.id, row.runs, row.medianMs])).toEqual([
      ['slow', 1, 9],
      ['fast', 3, 1],
      ['pre', 5, 7],
    ]);
  });
});
