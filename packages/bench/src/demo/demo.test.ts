import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCommand } from '../cli/demo-command.ts';
import { silentProgress } from '../harness/progress-bar.ts';
import { expertsHistogram } from '../report/demo-report-html.ts';
import { checkWellFormedXml } from '../testing/check-well-formed-xml.ts';
import { demoFamilies } from './demo-model.ts';

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'anyk-demo-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('anyk demo', () => {
  it('runs every family on the reference backend and writes a self-contained HTML report', async () => {
    const printed: string[] = [];
    const out = join(directory, 'report');
    const code = await demoCommand(
      ['--backend', 'reference', '--tokens', '24', '--layers', '2', '--out', out],
      {
        progress: silentProgress,
        log: (text) => printed.push(text),
      },
    );
    expect(code).toBe(0);
    const table = printed.join('\n');
    for (const family of demoFamilies) expect(table).toContain(family);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    expect(checkWellFormedXml(html)).toEqual([]);
    expect(html).not.toMatch(/<script|src=|href=/);
    // One histogram and one heatmap per family, plus the scatter.
    expect(html.match(/<svg /g)).toHaveLength(2 * demoFamilies.length + 1);
    const json = JSON.parse(await readFile(join(out, 'demo.json'), 'utf8')) as {
      rows: { family: string; meanExperts: number }[];
      expertsPerToken: Record<string, number[][]>;
    };
    expect(json.rows.map((row) => row.family)).toEqual([...demoFamilies]);
    expect(json.rows.find((row) => row.family === 'top-k')?.meanExperts).toBe(2);
    expect(json.expertsPerToken['top-p']).toHaveLength(2);
    expect(json.expertsPerToken['top-p']?.[1]).toHaveLength(24);
  });

  it('names the valid choices for an unknown backend or family', async () => {
    await expect(demoCommand(['--backend', 'cuda'], { log: () => {} })).rejects.toThrow(
      /backend must be one of webgpu, node, gpujs, reference, got "cuda"/,
    );
    await expect(demoCommand(['--family', 'top-k,nope'], { log: () => {} })).rejects.toThrow(
      /--family must be a comma-separated list of top-k, top-p, .*expert-choice, got "nope"/,
    );
  });

  it('counts experts per token into a histogram', () => {
    expect(expertsHistogram(Int32Array.from([2, 0, 2, 1]))).toEqual([1, 1, 2]);
  });
});
