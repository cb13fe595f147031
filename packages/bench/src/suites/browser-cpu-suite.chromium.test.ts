import { describe, expect, it } from 'vitest';
import type { BenchRow } from '../harness/bench-report.ts';
import { runSuite } from '../harness/run-suite.ts';
import { browserCpuSuite } from './browser-cpu-suite.ts';

/**
 * `anyk bench --suite browser-cpu --quick` end to end in Debian's Chromium: the `bench-chromium` lane, which
 * `vitest.config.ts` declares only where `ANYK_CHROMIUM_PATH` names a Chromium (`scripts/test.sh` sets it,
 * or announces the lane as not run). One timed run per row: this checks the harness, not speed.
 */

/** Rows that may not run, each only for its one documented reason. */
const knownGaps: Readonly<Record<string, RegExp>> = {
  // tfjs-wasm 4.22 sizes its pool at hardwareConcurrency / 2 (1 on a 2-core machine) and ignores setThreadsCount.
  'moe prefill T=32/tfjs-wasm-loop/2t': /tfjs-backend-wasm 4\.22 runs 1 thread/,
};

const expectedRows = [
  'gemm 64x128x256/ort-web/1t',
  'gemm 64x128x256/tfjs-wasm/1t',
  'gemm 64x128x256/anyk-browser-cpu/1t',
  'moe prefill T=32/anyk-browser-cpu-top-2/1t',
  'moe prefill T=32/anyk-browser-cpu-top-2/2t',
  'moe prefill T=32/ort-web-loop/1t',
  'moe prefill T=32/ort-web-loop/2t',
  'moe prefill T=32/tfjs-wasm-loop/1t',
  'moe prefill T=32/tfjs-wasm-loop/2t',
  'moe decode T=4/anyk-browser-cpu-top-2/1t',
  'moe decode T=4/anyk-browser-cpu-top-2/2t',
  'moe decode T=4/ort-web-loop/1t',
  'moe decode T=4/tfjs-wasm-loop/1t',
];

/** The ratios and the rows they divide (a ratio is null exactly when one of its rows has a known gap). */
const expectedRatios: Readonly<Record<string, readonly [string, string]>> = {
  browser_wasm_moe_vs_ort_web: [expectedRows[3]!, expectedRows[5]!],
  browser_wasm_moe_decode_vs_ort_web: [expectedRows[9]!, expectedRows[11]!],
  browser_wasm_moe_vs_tfjs_wasm: [expectedRows[3]!, expectedRows[7]!],
  browser_wasm_moe_decode_vs_tfjs_wasm: [expectedRows[9]!, expectedRows[12]!],
  browser_wasm_moe_vs_ort_web_2t: [expectedRows[4]!, expectedRows[6]!],
  browser_thread_scaling: [expectedRows[4]!, expectedRows[3]!],
  browser_thread_scaling_decode: [expectedRows[10]!, expectedRows[9]!],
  ort_web_thread_scaling: [expectedRows[6]!, expectedRows[5]!],
  tfjs_wasm_thread_scaling: [expectedRows[8]!, expectedRows[7]!],
  browser_gemm_vs_ort_web_1t: [expectedRows[2]!, expectedRows[0]!],
  tfjs_wasm_gemm_vs_ort_web_1t: [expectedRows[1]!, expectedRows[0]!],
  browser_moe_vs_own_dense_1t: [expectedRows[3]!, expectedRows[2]!],
};

/** anyk's GEMM row runs its kernel on its own data (`prepareBrowserGemm`): no output comes back to check. */
const selfTimedRows = new Set(['gemm 64x128x256/anyk-browser-cpu/1t']);

function expectMeasured(row: BenchRow): void {
  expect(row.error, row.id).toBeUndefined();
  // Two rounds, every row called once in each (rows take turns).
  expect(row.runs, row.id).toBe(2);
  expect(Number.isFinite(row.medianMs) && row.medianMs! > 0, row.id).toBe(true);
  expect(Number.isFinite(row.metrics.gflops) && row.metrics.gflops! > 0, row.id).toBe(true);
  // Each implementation's first output against the float64 reference (GEMM: float64 loops; MoE: core's
  // reference backend on the same top-2 layer): float32 accumulation error only.
  if (!selfTimedRows.has(row.id)) expect(row.metrics.maxRelativeDifference, row.id).toBeLessThan(1e-4);
  if (row.group.startsWith('moe')) {
    expect(Number.isFinite(row.metrics.tokensPerSecond), row.id).toBe(true);
    expect(row.metrics.meanExperts, row.id).toBe(2);
    expect(row.shape.dtype, row.id).toBe('f32');
  }
}

describe('browser-cpu suite (--quick, headless Chromium)', () => {
  it('measures every row and ratio, each implementation computing the reference layer', async () => {
    const report = await runSuite(browserCpuSuite, { quick: true, measure: { warmup: 0, repeats: 2 } });
    expect(report.rows.map((row) => row.id)).toEqual(expectedRows);
    const gaps = new Set<string>();
    for (const row of report.rows) {
      const gap = knownGaps[row.id];
      if (gap && row.error !== undefined && gap.test(row.error)) gaps.add(row.id);
      else expectMeasured(row);
    }
    expect(Object.keys(report.ratios).sort()).toEqual(Object.keys(expectedRatios).sort());
    for (const [name, [numerator, denominator]] of Object.entries(expectedRatios)) {
      const value = report.ratios[name];
      if (gaps.has(numerator) || gaps.has(denominator)) expect(value, name).toBeNull();
      else expect(Number.isFinite(value) && value! > 0, `${name} = ${value}`).toBe(true);
    }
    expect(report.notes.some((note) => note.startsWith('browser_wasm_moe_vs_ort_web ='))).toBe(true);
  });
});
