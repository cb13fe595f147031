import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchCommand } from '../cli/bench-command.ts';
import type { BenchReport } from '../harness/bench-report.ts';
import { silentProgress } from '../harness/progress-bar.ts';
import { moeBenchWeights } from '../peers/moe-bench-weights.ts';
import { checkWellFormedXml } from '../testing/check-well-formed-xml.ts';
import { moeProblem } from './measurement-cases.ts';
import { searchTopP } from './search-top-p.ts';
import { kernelProfileMetrics, webGpuDecodeTokens, webGpuSuiteShapes } from './webgpu-suites.ts';

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'anyk-bench-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Runs `anyk bench --suite name --quick` writing every output, and reads the JSON back. */
async function runQuick(
  suite: string,
  extra: string[] = [],
): Promise<{ report: BenchReport; markdown: string; svg: string }> {
  const json = join(directory, `${suite}.json`);
  const markdownFile = join(directory, `${suite}.md`);
  const svgFile = join(directory, `${suite}.svg`);
  const printed: string[] = [];
  const code = await benchCommand(
    ['--suite', suite, '--quick', '--json', json, '--markdown', markdownFile, '--svg', svgFile, ...extra],
    { progress: silentProgress, log: (text) => printed.push(text) },
  );
  expect(code).toBe(0);
  const report = JSON.parse(await readFile(json, 'utf8')) as BenchReport;
  const markdown = await readFile(markdownFile, 'utf8');
  expect(printed.join('')).toBe(markdown);
  return { report, markdown, svg: await readFile(svgFile, 'utf8') };
}

function checkReport(report: BenchReport, suite: string): void {
  expect(Object.keys(report).sort()).toEqual([
    'machine',
    'notes',
    'quick',
    'ratios',
    'rows',
    'startedAt',
    'suite',
  ]);
  expect(report.suite).toBe(suite);
  expect(report.quick).toBe(true);
  expect(report.machine.cores).toBeGreaterThan(0);
  expect(report.machine.nodeVersion).toBe(process.versions.node);
  expect(report.rows.length).toBeGreaterThan(0);
  for (const row of report.rows) {
    expect(typeof row.id).toBe('string');
    if (row.error === undefined) {
      expect(row.medianMs).toBeGreaterThanOrEqual(0);
      expect(row.runs).toBeGreaterThan(0);
    } else {
      expect(row.medianMs).toBeNull();
    }
  }
  expect(new Set(report.rows.map((row) => row.id)).size).toBe(report.rows.length);
}

describe('anyk bench --quick', () => {
  it('cpu: ORT and anyk rows side by side, every ratio of the kernels-node issue', async () => {
    const { report, svg, markdown } = await runQuick('cpu');
    checkReport(report, 'cpu');
    expect(Object.keys(report.ratios).sort()).toEqual([
      'dynamic_conversion_1t',
      'gemm_thread_scaling',
      'gemm_vs_ort_1t',
      'moe_decode_bf16_vs_f32_1t',
      'moe_decode_bf16_vs_ort_loop_1t',
      'moe_decode_ort_engine_vs_ort_loop_1t',
      'moe_decode_vs_ort_loop_1t',
      'moe_prefill_ort_engine_vs_ort_loop_1t',
      'moe_prefill_vs_ort_loop_1t',
      'moe_vs_own_dense_1t',
      'ort_gemm_thread_scaling',
      'thread_scaling',
      'thread_scaling_decode',
      'thread_scaling_ort_engine',
    ]);
    // Rows take turns (every row warmed up first), so every row has the same number of timed runs.
    expect(new Set(report.rows.map((row) => row.runs)).size).toBe(1);
    // Every row says which engine multiplied and the dtype of the weights it read.
    for (const row of report.rows) {
      expect(['wasm', 'onnxruntime']).toContain(row.shape.engine);
      expect(row.shape.dtype).toBe(row.id.includes('-bf16/') ? 'bf16' : 'f32');
    }
    const native = report.rows.filter((row) => row.implementation.startsWith('anyk node-onnxruntime'));
    expect(native).toHaveLength(3);
    for (const row of native) expect(row.error).toBeUndefined();
    const ort = report.rows.find((row) => row.id.includes('onnxruntime-node/1t'));
    expect(ort?.error).toBeUndefined();
    expect(ort?.metrics.gflops).toBeGreaterThan(0);
    for (const row of report.rows) expect(row.threads === 1 || row.threads === 2).toBe(true);
    const bf16 = report.rows.filter((row) => row.shape.dtype === 'bf16');
    expect(bf16.map((row) => row.id)).toEqual(['moe decode T=4/anyk-node-top-2-bf16/1t']);
    expect(bf16[0]?.error).toBeUndefined();
    expect(report.ratios.moe_decode_bf16_vs_ort_loop_1t).toBeGreaterThan(0);
    expect(checkWellFormedXml(svg)).toEqual([]);
    expect(markdown).toContain('| gemm_vs_ort_1t |');
  });

  it('peers: onnxruntime-node and tfjs-wasm load and measure', async () => {
    const { report, svg } = await runQuick('peers');
    checkReport(report, 'peers');
    for (const implementation of [
      'onnxruntime-node',
      'tfjs-wasm',
      'onnxruntime-node per-expert loop',
      'onnxruntime-node dense masked',
    ]) {
      const rows = report.rows.filter((row) => row.implementation === implementation);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.error).toBeUndefined();
    }
    expect(report.ratios.tfjs_wasm_vs_ort_matmul_1t).toBeGreaterThan(0);
    expect(checkWellFormedXml(svg)).toEqual([]);
  });

  it('routers: every family, route and forward, on the backends asked for', async () => {
    const { report, svg } = await runQuick('routers', ['--backend', 'reference']);
    checkReport(report, 'routers');
    // 12 families x 2 operations x T in {1, 16} x E = 8.
    expect(report.rows).toHaveLength(48);
    expect(report.rows.every((row) => row.error === undefined)).toBe(true);
    const forward = report.rows.find((row) => row.id === 'forward/reference/top-k/E8/T16');
    expect(forward?.metrics.meanExperts).toBe(2);
    expect(checkWellFormedXml(svg)).toEqual([]);
  });

  it.each(['webgpu', 'webgpu-diagnostics'])(
    '%s: measured rows, or one typed not-available row',
    async (suite) => {
      const { report } = await runQuick(suite);
      checkReport(report, suite);
      if (report.rows.length === 1) {
        expect(report.rows[0]?.id).toBe(`${suite}/not-available`);
        expect(report.rows[0]?.error).toMatch(/unavailable|not supported/);
      } else {
        // The 12 demo families (Uni-MoE-2.0 included) plus one decode batch (T = 4), on the GEMV path.
        expect(report.rows).toHaveLength(13);
        expect(report.rows.every((row) => row.error === undefined)).toBe(true);
        expect(report.rows.map((row) => row.id)).toContain(`${suite}/top-k-decode`);
        if (suite === 'webgpu-diagnostics') {
          const rows = report.rows as unknown as {
            id: string;
            router: string;
            readbacksPerLayer: number;
            dispatchesPerLayer: number;
            expertFfn: string;
          }[];
          for (const row of rows) {
            expect(typeof row.router).toBe('string');
            expect(row.readbacksPerLayer).toBe(0);
            expect(row.expertFfn).toBe(row.id.endsWith('/top-k-decode') ? 'gemv' : 'grouped-gemm');
          }
          expect(rows.find((row) => row.id.endsWith('/top-k-decode'))?.dispatchesPerLayer).toBe(8);
        } else {
          // The decode row's bandwidth comparison (timings on SwiftShader mean nothing: shape and finiteness).
          const { d, f, experts } = webGpuSuiteShapes.quick;
          const decode = report.rows.find((row) => row.id === 'webgpu/top-k-decode')?.metrics ?? {};
          for (const key of [
            'usedExperts',
            'expectedUniqueExperts',
            'moeWeightBytes',
            'moeGBps',
            'denseGemvMedianMs',
            'denseGemvGBps',
            'bandwidthVsDenseGemv',
          ]) {
            expect(Number.isFinite(decode[key]) && decode[key]! > 0, key).toBe(true);
          }
          // Top-2 over 8 experts, T = 4: 8 plan rows over 2..8 distinct experts, whose SwiGLU matrices
          // (3 d f floats each) plus the router (E d) are the bytes the layer streams.
          const usedExperts = decode.usedExperts as number;
          expect(decode.rows).toBe(webGpuDecodeTokens * 2);
          expect(Number.isInteger(usedExperts) && usedExperts >= 2 && usedExperts <= experts).toBe(true);
          expect(decode.moeWeightBytes).toBe(4 * (usedExperts * 3 * d * f + experts * d));
          expect(decode.expectedUniqueExperts).toBeCloseTo(
            experts * (1 - (1 - 2 / experts) ** webGpuDecodeTokens),
            12,
          );
          expect(report.ratios['bandwidth_vs_dense_gemv:top-k-decode']).toBe(decode.bandwidthVsDenseGemv);
          // Prefill rows keep the FLOP-based fields only.
          const prefill = report.rows.find((row) => row.id === 'webgpu/top-k')?.metrics ?? {};
          expect(prefill.moeVsDense).toBeGreaterThan(0);
          expect(prefill.bandwidthVsDenseGemv).toBeUndefined();
          // Every row reports the host time spent recording each side.
          for (const row of report.rows) {
            expect(row.metrics.moeRecordMs, row.id).toBeGreaterThan(0);
            expect(row.metrics.denseRecordMs, row.id).toBeGreaterThan(0);
          }
        }
      }
    },
    // SwiftShader compiles every family's pipelines: 13 rows took ~2 min per suite on a busy 2-core machine.
    300_000,
  );

  it('rejects an unknown suite or backend, listing the valid names', async () => {
    await expect(benchCommand(['--suite', 'nope'], { log: () => {} })).rejects.toThrow(
      /--suite must be one of cpu, browser-cpu, routers, peers, webgpu, webgpu-diagnostics, soak, got "nope"/,
    );
    await expect(
      benchCommand(['--suite', 'routers', '--backend', 'cuda'], { log: () => {} }),
    ).rejects.toThrow(/--backend must be a comma-separated list of webgpu, node, gpujs, reference/);
    await expect(benchCommand(['--suite', 'cpu', '--speed', 'x'], { log: () => {} })).rejects.toThrow(
      /--speed/,
    );
  });
});

describe('searchTopP', () => {
  it('finds a p whose mean experts per token lies in 1.2-1.8 on the given inputs', () => {
    const problem = moeProblem(moeBenchWeights({ d: 32, f: 8, experts: 8 }), 64);
    const choice = searchTopP(problem);
    expect(choice.meanExperts).toBeGreaterThanOrEqual(1.2);
    expect(choice.meanExperts).toBeLessThanOrEqual(1.8);
    expect(choice.p).toBeGreaterThan(0);
    expect(choice.p).toBeLessThan(1);
  });
});

describe('kernelProfileMetrics', () => {
  it('names each layer kernel, sums repeated ones, and compares GPU time with the dense baseline', () => {
    const metrics = kernelProfileMetrics({
      layer: [
        { kernel: 'router-logits', medianMs: 0.5 },
        { kernel: 'grouped-gemm-up', medianMs: 3 },
        { kernel: 'grouped-gemm-up', medianMs: 1 },
        { kernel: 'combine', medianMs: 0.5 },
      ],
      dense: [
        { kernel: 'dense-gemm', medianMs: 2 },
        { kernel: 'dense-gemm', medianMs: 1 },
      ],
    });
    expect(metrics).toEqual({
      'gpuMs:router-logits': 0.5,
      'gpuMs:grouped-gemm-up': 4,
      'gpuMs:combine': 0.5,
      gpuMsLayer: 5,
      gpuMsDense: 3,
      gpuMoeVsDense: 0.6,
    });
    expect(kernelProfileMetrics(null)).toEqual({});
    expect(kernelProfileMetrics(undefined)).toEqual({});
  });
});
