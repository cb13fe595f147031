import {
  type BenchCase,
  benchRowIdentity,
  disposeQuietly,
  measuredRow,
  missingRun,
  type PreparedCase,
  sampleOf,
} from './bench-case.ts';
import { type BenchRow, errorRow } from './bench-report.ts';
import type { SuiteContext } from './bench-suite.ts';
import { type MeasureOptions, requireMeasureOptions } from './measure-samples.ts';
import { summariseSamples } from './summarise-samples.ts';

/** One case on its way through the rounds. */
interface Contestant {
  readonly benchCase: BenchCase;
  readonly options: MeasureOptions;
  prepared?: PreparedCase | undefined;
  sample?: (() => Promise<number>) | undefined;
  readonly samples: number[];
  /** Set once the case is finished: measured, premeasured, or failed. */
  row?: BenchRow | undefined;
}

/**
 * Times cases in rounds: every case is set up first, then each round runs every case once, starting one
 * case later than the round before. A shared machine's speed drifts over seconds (a neighbour's load, the
 * host's clocks); timed one after the other, two rows can differ by that drift alone, and their ratio with
 * them. Taking turns puts the same drift on every row, so ratios between rows measured in one run mean
 * what they say. The price is memory: every case's weights and workers are alive at once.
 *
 * Budget: rounds stop at the suite's `repeats`, or earlier once every case has `minRepeats` samples and
 * the timed calls took `maxTimeMs` per case in all. A case's own `measure.repeats` caps its samples (it
 * then sits out the remaining rounds). Premeasured cases (timed by their own tool) are taken as they come;
 * a case whose setup or run throws becomes an error row and leaves the rounds.
 */
export async function runBenchCasesInterleaved(
  cases: readonly BenchCase[],
  context: SuiteContext,
  label: string,
): Promise<BenchRow[]> {
  const contestants: Contestant[] = cases.map((benchCase) => ({
    benchCase,
    options: { ...context.measure, ...benchCase.measure },
    samples: [],
  }));
  for (const contestant of contestants) requireMeasureOptions(contestant.options, label);
  context.progress.start(cases.length + 1, label);
  try {
    for (const contestant of contestants) {
      await prepareContestant(contestant);
      context.progress.tick(contestant.benchCase.id);
    }
    await runRounds(contestants, context.measure);
    context.progress.tick('rounds');
    return contestants.map(finishContestant);
  } finally {
    for (const contestant of contestants) await disposeQuietly(contestant.prepared);
  }
}

/** Sets a case up and warms it up; premeasured cases and failures finish here. */
async function prepareContestant(contestant: Contestant): Promise<void> {
  try {
    const prepared = await contestant.benchCase.setup();
    contestant.prepared = prepared;
    if (prepared.premeasured !== undefined) {
      contestant.row = measuredRow(contestant.benchCase, prepared, prepared.premeasured);
      return;
    }
    contestant.sample = sampleOf(prepared);
    if (contestant.sample === undefined) throw missingRun(prepared);
    for (let run = 0; run < contestant.options.warmup; run++) await contestant.sample();
  } catch (error) {
    await fail(contestant, error);
  }
}

/** The timed rounds, each case once per round, the starting case rotating. */
async function runRounds(contestants: readonly Contestant[], suite: MeasureOptions): Promise<void> {
  const rounds = Math.max(...contestants.map((contestant) => contestant.options.repeats), 0);
  const minRepeats = Math.min(suite.minRepeats ?? 1, suite.repeats);
  let timedMs = 0;
  for (let round = 0; round < rounds; round++) {
    const running = contestants.filter(
      (contestant) => contestant.row === undefined && contestant.samples.length < contestant.options.repeats,
    );
    if (running.length === 0) break;
    const budgetSpent = timedMs >= suite.maxTimeMs * running.length;
    if (budgetSpent && running.every((contestant) => contestant.samples.length >= minRepeats)) break;
    for (let turn = 0; turn < running.length; turn++) {
      const contestant = running[(round + turn) % running.length]!;
      try {
        const milliseconds = await contestant.sample!();
        contestant.samples.push(milliseconds);
        timedMs += milliseconds;
      } catch (error) {
        await fail(contestant, error);
      }
    }
  }
}

/** The case's row: its error, its premeasured timings, or the summary of its samples. */
function finishContestant(contestant: Contestant): BenchRow {
  if (contestant.row !== undefined) return contestant.row;
  return measuredRow(contestant.benchCase, contestant.prepared!, summariseSamples(contestant.samples));
}

/** Ends a case with an error row and releases what it holds at once (the other cases still run). */
async function fail(contestant: Contestant, error: unknown): Promise<void> {
  contestant.row = errorRow(benchRowIdentity(contestant.benchCase), error);
  await disposeQuietly(contestant.prepared);
  contestant.prepared = undefined;
}
