import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pearson } from '@anyk/core/diagnostics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../backends/create-backend.ts';
import { demoCommand } from '../cli/demo-command.ts';
import { silentProgress } from '../harness/progress-bar.ts';
import { expertsHistogram } from '../report/demo-report-html.ts';
import { checkWellFormedXml } from '../testing/check-well-formed-xml.ts';
import { captureCheckpoint, validationPassage } from './checkpoint-workload.ts';
import { demoFamilies } from './demo-model.ts';

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'anyk-demo-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

interface DemoJson {
  rows: { family: string; meanExperts: number }[];
  expertsPerToken: Record<string, number[][]>;
  workload: { kind: string; text?: string; trainedExpertsPerToken?: number[][]; tokenLosses?: number[] };
}

async function runCommand(argv: string[]): Promise<{ table: string; html: string; json: DemoJson }> {
  const printed: string[] = [];
  const out = join(directory, `report-${Math.random().toString(36).slice(2)}`);
  const code = await demoCommand([...argv, '--out', out], {
    progress: silentProgress,
    log: (text) => printed.push(text),
  });
  expect(code).toBe(0);
  const html = await readFile(join(out, 'index.html'), 'utf8');
  expect(checkWellFormedXml(html)).toEqual([]);
  expect(html).not.toMatch(/<script|src=|href=/);
  const json = JSON.parse(await readFile(join(out, 'demo.json'), 'utf8')) as DemoJson;
  return { table: printed.join('\n'), html, json };
}

describe('anyk demo', () => {
  it('routes held-out KJV text through the trained checkpoint with every family (reference backend)', async () => {
    const { table, html, json } = await runCommand(['--backend', 'reference', '--tokens', '40']);
    expect(table).toContain('real text through the trained checkpoint');
    for (const family of demoFamilies) expect(table).toContain(family);
    // One histogram and one heatmap per family, plus the scatter; the passage is coloured spans.
    expect(html.match(/<svg /g)).toHaveLength(2 * demoFamilies.length + 1);
    expect(html).toContain('class="passage"');
    expect(html).toMatch(/Pearson correlation between a token's next-byte loss/);
    const passage = new TextDecoder().decode(validationPassage(40).subarray(0, 40));
    expect(json.workload.text).toBe(passage);
    expect(json.rows.map((row) => row.family)).toEqual([...demoFamilies]);
    expect(json.rows.find((row) => row.family === 'top-k')?.meanExperts).toBe(2);
    // The checkpoint has 4 MoE layers; the demo's top-p, on the captured inputs with the trained rows and
    // p, must route exactly as the model's own router did inside its forward.
    expect(json.expertsPerToken['top-p']).toHaveLength(4);
    expect(json.expertsPerToken['top-p']?.[3]).toHaveLength(40);
    expect(json.expertsPerToken['top-p']).toEqual(json.workload.trainedExpertsPerToken);
    expect(json.workload.tokenLosses?.every((loss) => loss > 0 && Number.isFinite(loss))).toBe(true);
  });

  it('takes --text and labels the heatmap with its characters', async () => {
    const text = 'And God said, Let there be light';
    const { html, json } = await runCommand(['--backend', 'reference', '--family', 'top-p', '--text', text]);
    expect(json.workload.text).toBe(text.slice(0, -1));
    expect(json.rows.map((row) => row.family)).toEqual(['top-p']);
    expect(html).toContain('>G</text>');
  });

  it('keeps the seeded synthetic batch behind --synthetic', async () => {
    const { table, html, json } = await runCommand([
      '--synthetic',
      '--backend',
      'reference',
      '--tokens',
      '24',
      '--layers',
      '2',
    ]);
    expect(table).toContain('seeded tokens');
    expect(html.match(/<svg /g)).toHaveLength(2 * demoFamilies.length + 1);
    expect(html).not.toContain('class="passage"');
    expect(json.workload.kind).toBe('synthetic');
    expect(json.rows.find((row) => row.family === 'top-k')?.meanExperts).toBe(2);
    expect(json.expertsPerToken['top-p']).toHaveLength(2);
    expect(json.expertsPerToken['top-p']?.[1]).toHaveLength(24);
  });

  it('cuts a passage longer than the context into windows without changing the first window', async () => {
    const backend = await createBackend('reference');
    const long = await captureCheckpoint(backend, validationPassage(70));
    const short = await captureCheckpoint(backend, validationPassage(64));
    expect(long.moeInputs[1]?.length).toBe(70 * 64);
    expect(Array.from(long.tokenLosses.subarray(0, 64))).toEqual(Array.from(short.tokenLosses));
    expect(Array.from(long.moeInputs[0]?.subarray(0, 64 * 64) ?? [])).toEqual(
      Array.from(short.moeInputs[0] ?? []),
    );
    expect(long.tokenLosses[64]).toBeGreaterThan(0);
    await backend.dispose();
  });

  it('names the valid choices and rejects options that do not fit the mode', async () => {
    await expect(demoCommand(['--backend', 'cuda'], { log: () => {} })).rejects.toThrow(
      /backend must be one of webgpu, node, gpujs, reference, got "cuda"/,
    );
    await expect(demoCommand(['--family', 'top-k,nope'], { log: () => {} })).rejects.toThrow(
      /--family must be a comma-separated list of top-k, top-p, .*expert-choice, uni-moe-2, got "nope"/,
    );
    await expect(demoCommand(['--layers', '3'], { log: () => {} })).rejects.toThrow(/--layers.*--synthetic/);
    await expect(demoCommand(['--synthetic', '--text', 'abc'], { log: () => {} })).rejects.toThrow(/--text/);
    await expect(demoCommand(['--text', 'a'], { log: () => {} })).rejects.toThrow(/at least 2 bytes/);
  });

  it('counts experts per token into a histogram and correlates series', () => {
    expect(expertsHistogram(Int32Array.from([2, 0, 2, 1]))).toEqual([1, 1, 2]);
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
  });
});
