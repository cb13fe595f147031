import { InvalidArgumentError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { arithmeticText } from './arithmetic-text.ts';
import { difficultyTaskNames, loadDifficultyTasks, mixDifficultyTasks } from './difficulty-tasks.ts';

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('arithmeticText', () => {
  it('is deterministic per seed, exactly the asked length, and every full line has the right answer', () => {
    const text = arithmeticText(4000, 7);
    expect(text).toHaveLength(4000);
    expect(arithmeticText(4000, 7)).toEqual(text);
    expect(arithmeticText(4000, 8)).not.toEqual(text);
    const lines = decode(text).split('\n').slice(0, -1); // the last line may be cut
    expect(lines.length).toBeGreaterThan(200);
    const operators = new Set<string>();
    for (const line of lines) {
      const match = /^(\d{1,4})([+*-])(\d{1,4})=(-?\d+)$/.exec(line);
      expect(match, line).not.toBeNull();
      const [, left, operator, right, answer] = match as unknown as [string, string, string, string, string];
      operators.add(operator);
      const expected =
        operator === '+'
          ? Number(left) + Number(right)
          : operator === '-'
            ? Number(left) - Number(right)
            : Number(left) * Number(right);
      expect(Number(answer), line).toBe(expected);
    }
    expect([...operators].sort()).toEqual(['*', '+', '-']);
  });

  it('rejects a length that is not a positive integer', () => {
    expect(() => arithmeticText(0, 1)).toThrow(InvalidArgumentError);
    expect(() => arithmeticText(1.5, 1)).toThrow(/bytes/);
  });
});

describe('loadDifficultyTasks', () => {
  it('gives the four tasks equal training and validation sizes, the same bytes on every call', () => {
    const tasks = loadDifficultyTasks();
    expect(tasks.map((task) => task.task)).toEqual([...difficultyTaskNames]);
    const [first] = tasks;
    for (const task of tasks) {
      expect(task.train.length).toBe(first?.train.length);
      expect(task.validation.length).toBe(first?.validation.length);
    }
    // Enough for the full mode's 256 validation windows of 64 bytes per task.
    expect(first?.validation.length).toBeGreaterThan(256 * 64);
    expect(first?.train.length).toBeGreaterThan(100_000);
    const again = loadDifficultyTasks();
    for (const [at, task] of tasks.entries()) {
      expect(again[at]?.train).toEqual(task.train);
      expect(again[at]?.validation).toEqual(task.validation);
    }
    const sample = Object.fromEntries(
      tasks.map((task) => [task.task, decode(task.validation.subarray(0, 400))]),
    );
    expect(sample.code).toMatch(/def |import |return /);
    expect(sample.arithmetic).toMatch(/^[\d+*=\n-]+$/);
    expect(sample.words?.split('\n').length).toBeGreaterThan(20);
  });

  it('mixes the tasks back to back, training and validation apart', () => {
    const tasks = loadDifficultyTasks();
    const mix = mixDifficultyTasks(tasks);
    const trainLength = tasks[0]?.train.length ?? 0;
    expect(mix.train).toHaveLength(4 * trainLength);
    expect(mix.train.subarray(2 * trainLength, 3 * trainLength)).toEqual(tasks[2]?.train);
    expect(mix.validation).toHaveLength(4 * (tasks[0]?.validation.length ?? 0));
  });
});
