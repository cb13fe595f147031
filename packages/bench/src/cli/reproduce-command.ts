import { writeFileSync } from 'node:fs';
import { InvalidArgumentError } from '@anyk/core';
import { type ReproductionResult, runReproduction } from '@anyk/train';
import { defineCommand } from './define-command.ts';
import { formatTable } from './demo-command.ts';

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError(`--${name}`, 'a number', value);
  return parsed;
}

/** The JSON shape: runs with loss, spread, experts; the difficulty correlation; then extra detail. */
function toJson(result: ReproductionResult): unknown {
  return {
    runs: result.runs.map((run) => ({
      router: run.router,
      valLoss: run.valLoss,
      valLossStd: run.valLossStd,
      avgExperts: run.avgExperts,
      perLayerExperts: run.perLayerExperts,
      seeds: run.seeds,
      corrLossExperts: run.corrLossExperts,
      spearmanLossExperts: run.spearmanLossExperts,
      perLayerCorrLossExperts: run.perLayerCorrLossExperts,
      corrLossExpertsByWindow: run.corrLossExpertsByWindow,
      byContext: run.byContext,
      perSeed: run.perSeed,
    })),
    tasks: result.tasks,
    difficulty: result.difficulty,
    comparison: result.comparison,
    pSweep: result.pSweep,
    recipe: result.recipe,
    machine: result.machine,
    wallSeconds: result.wallSeconds,
    mode: result.mode,
  };
}

/**
 * One row per task: each router's validation loss and experts per token (means over seeds), then a row
 * with each router's Spearman across tasks (top-2's loss vs its experts; mean of the per-seed values).
 */
function formatTaskTable(result: ReproductionResult): string {
  const routers = result.runs.map((run) => run.router);
  const tasks = [...new Set(result.tasks.map((entry) => entry.task))];
  const cell = (task: string, router: string): string => {
    const entry = result.tasks.find((other) => other.task === task && other.router === router);
    return entry ? `${entry.meanLoss.toFixed(3)} / ${entry.meanExperts.toFixed(2)}` : '—';
  };
  const spearmanRow = routers.map((router) => {
    const perSeed = result.difficulty.taskSpearmanPerSeed[router] ?? [];
    const value = result.difficulty.taskSpearman[router] ?? Number.NaN;
    return Number.isNaN(value)
      ? '— (constant experts)'
      : `${value.toFixed(2)} (${perSeed.map((seed) => seed.toFixed(1)).join(', ')})`;
  });
  return formatTable(
    ['task', ...routers.map((router) => `${router} loss / experts`)],
    [
      ...tasks.map((task) => [task, ...routers.map((router) => cell(task, router))]),
      ['Spearman', ...spearmanRow],
    ],
  );
}

/**
 * `anyk reproduce [--quick] [--json file] [--out dir] [--seeds 1,2] [--steps n] [--parallel n] [--p 0.6]
 * [--entropy-coef c] [--balance-coef c]`: trains top-2 vs top-p byte-level MoE LMs on four tasks of
 * different difficulty (full mode adds ReMoE, DynMoE, MoE++ and a p sweep) and prints validation loss,
 * experts per token, the per-task table with the task Spearman and the loss-experts correlation
 * (`@anyk/train`).
 */
export const reproduceCommand = defineCommand(
  {
    name: 'reproduce',
    summary: 'train top-2 vs top-p byte-level MoE LMs and compare validation loss and experts per token',
    options: {
      quick: {
        type: 'boolean',
        description: 'top-2 vs top-p only, fewer steps (full mode adds more routers)',
      },
      json: { type: 'string', valueName: 'file', description: 'write the results as JSON' },
      out: { type: 'string', valueName: 'dir', description: 'write checkpoints and the figures (SVG) here' },
      seeds: { type: 'string', valueName: '1,2', description: "training seeds (default: the recipe's)" },
      steps: {
        type: 'string',
        valueName: 'n',
        description: "training steps per run (default: the recipe's)",
      },
      parallel: { type: 'string', valueName: 'n', description: 'runs trained at once' },
      p: { type: 'string', valueName: 'x', description: "top-p threshold (default: the recipe's)" },
      'entropy-coef': { type: 'string', valueName: 'c', description: 'entropy loss coefficient of top-p' },
      'balance-coef': { type: 'string', valueName: 'c', description: 'load-balance loss coefficient' },
    },
  },
  async ({ values: options }) => {
    const seeds =
      options.seeds !== undefined
        ? options.seeds.split(',').map((seed) => {
            const value = Number(seed);
            if (!Number.isInteger(value) || value < 0)
              throw new InvalidArgumentError(
                '--seeds',
                'comma-separated non-negative integers',
                options.seeds,
              );
            return value;
          })
        : undefined;
    const result = await runReproduction({
      quick: options.quick === true,
      outDir: options.out,
      seeds,
      steps: numberOption(options.steps, 'steps'),
      parallel: numberOption(options.parallel, 'parallel'),
      p: numberOption(options.p, 'p'),
      entropyCoef: numberOption(options['entropy-coef'], 'entropy-coef'),
      balanceCoef: numberOption(options['balance-coef'], 'balance-coef'),
      log: (line) => console.log(line),
    });
    console.log(
      `\n${formatTable(
        ['router', 'val loss', '± std', 'experts/token', 'per layer', 'corr(loss, experts)'],
        result.runs.map((run) => [
          run.router,
          run.valLoss.toFixed(4),
          run.valLossStd.toFixed(4),
          run.avgExperts.toFixed(3),
          run.perLayerExperts.map((value) => value.toFixed(2)).join(' '),
          run.corrLossExperts.toFixed(3),
        ]),
      )}`,
    );
    const top2 = result.runs.find((run) => run.router === 'top-2');
    const topP = result.runs.find((run) => run.router === 'top-p');
    if (top2 && topP) {
      const { difficulty } = result;
      console.log(
        `\ntop-p difficulty vs experts: Pearson ${difficulty.corrLossExperts.toFixed(3)}, Spearman ${difficulty.spearmanLossExperts.toFixed(3)}, per layer ${difficulty.perLayerCorrLossExperts.map((value) => value.toFixed(3)).join(' ')}; over validation windows (mean loss vs mean experts) ${difficulty.corrLossExpertsByWindow.toFixed(3)}`,
      );
      console.log(
        formatTable(
          ['context', 'tokens', 'top-2 loss', 'top-p loss', 'top-p experts (sum of layers)'],
          topP.byContext.map((entry) => [
            entry.context,
            String(entry.tokens),
            (top2.byContext.find((other) => other.context === entry.context)?.meanLoss ?? Number.NaN).toFixed(
              3,
            ),
            entry.meanLoss.toFixed(3),
            entry.meanExperts.toFixed(2),
          ]),
        ),
      );
    }
    console.log(`\n${formatTaskTable(result)}`);
    const { expertsRatio, valLossRelativeDiff, goalMet } = result.comparison;
    console.log(
      `\ntop-p / top-2 experts: ${(100 * expertsRatio).toFixed(1)}%, val loss difference: ${(100 * valLossRelativeDiff).toFixed(2)}%, goal ${goalMet ? 'met' : 'not met'}; ${result.wallSeconds.toFixed(0)} s`,
    );
    if (result.checkpoint) console.log(`best top-p checkpoint: ${result.checkpoint}`);
    if (options.json !== undefined)
      writeFileSync(options.json, `${JSON.stringify(toJson(result), null, 2)}\n`);
    return 0;
  },
);
