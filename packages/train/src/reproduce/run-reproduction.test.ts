import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@anyk/core';
import { mean } from '@anyk/core/internal';
import { describe, expect, it } from 'vitest';
import { difficultyTaskNames } from '../data/difficulty-tasks.ts';
import { byteContexts } from './difficulty.ts';
import { runReproduction } from './run-reproduction.ts';

describe('runReproduction', () => {
  it('trains, evaluates and reports both routers end to end (2 steps, the default two seeds), writing charts and the best checkpoint', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'anyk-reproduce-'));
    try {
      const lines: string[] = [];
      const result = await runReproduction({
        quick: true,
        steps: 2,
        parallel: 1,
        evalSequences: 8,
        outDir,
        log: (line) => lines.push(line),
      });
      expect(result.mode).toBe('quick');
      expect(result.runs.map((run) => run.router)).toEqual(['top-2', 'top-p']);
      const [top2, topP] = result.runs;
      expect(top2?.seeds).toEqual([1, 2]);
      expect(top2?.avgExperts).toBe(2);
      expect(top2?.perLayerExperts).toEqual([2, 2]);
      expect(Number.isNaN(top2?.corrLossExperts)).toBe(true); // constant experts
      for (const run of result.runs) {
        expect(run.valLoss).toBeGreaterThan(4); // two warm-up steps from the initialisation: near ln 256 = 5.55
        expect(run.valLoss).toBeLessThan(7);
        expect(run.perSeed).toHaveLength(2);
        expect(run.byContext.map((entry) => entry.context)).toEqual(
          byteContexts.filter((context) => run.byContext.some((entry) => entry.context === context)),
        );
        expect(run.byContext.reduce((sum, entry) => sum + entry.tokens, 0)).toBe(4 * 8 * 64); // 8 windows a task
        expect(run.tasks.map((entry) => entry.task)).toEqual([...difficultyTaskNames]);
        // The overall loss weighs every task the same (equal windows per task).
        expect(run.valLoss).toBeCloseTo(mean(run.tasks.map((entry) => entry.meanLoss)), 10);
      }
      expect(result.tasks).toHaveLength(2 * difficultyTaskNames.length);
      expect(result.tasks[0]).toEqual({
        router: 'top-2',
        task: 'prose',
        meanLoss: top2?.tasks[0]?.meanLoss,
        meanExperts: 2,
      });
      expect(Object.keys(result.difficulty.taskSpearman)).toEqual(['top-2', 'top-p']);
      expect(Number.isNaN(result.difficulty.taskSpearman['top-2'])).toBe(true); // constant experts
      const topPSpearman = result.difficulty.taskSpearmanPerSeed['top-p'] ?? [];
      expect(topPSpearman).toHaveLength(2);
      expect(result.difficulty.taskSpearman['top-p']).toEqual(mean(topPSpearman)); // NaN at 2 steps: top-p's experts are still the same on every task
      expect(result.comparison.goalMet).toBe(
        result.comparison.expertsRatio <= 0.9 &&
          result.comparison.valLossRelativeDiff <= 0.01 &&
          topPSpearman.every((value) => value > 0),
      );
      expect(topP?.avgExperts).toBeGreaterThan(1);
      expect(result.difficulty.router).toBe('top-p');
      expect(result.difficulty.corrLossExperts).toBe(topP?.corrLossExperts);
      expect(result.difficulty.perLayerCorrLossExperts).toHaveLength(2);
      expect(result.comparison.expertsRatio).toBeCloseTo((topP?.avgExperts ?? 0) / 2, 12);
      expect(lines[0]).toMatch(/4 runs \(quick\), 2 steps/);
      for (const file of [
        'figure3-experts-during-training.svg',
        'figure4-experts-per-layer.svg',
        'tasks-experts-per-token.svg',
        'best-top-p.safetensors',
      ])
        expect(existsSync(join(outDir, file)), file).toBe(true);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('rejects bad seeds and parallelism with typed errors', async () => {
    await expect(runReproduction({ quick: true, seeds: [] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(runReproduction({ quick: true, parallel: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(runReproduction({ quick: true, evalSequences: 0 })).rejects.toThrow(/evalSequences/);
  });
});
