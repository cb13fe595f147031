import { BackendUnavailableError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { moeBenchWeights } from '../peers/moe-bench-weights.ts';
import { gemmProblem, moeProblem } from '../suites/measurement-cases.ts';
import { BenchDataStore } from './bench-data-store.ts';
import { startBenchPageServer } from './bench-page-server.ts';
import { benchDataNames } from './browser-case-spec.ts';
import { chromiumPath, launchChromium } from './launch-chromium.ts';
import { maxRelativeDifference, referenceGemm } from './reference-outputs.ts';

// The Node side of `--suite browser-cpu` without a browser (the bench-chromium lane runs the page).
describe('browser-cpu bench, Node side', () => {
  it('a missing Chromium is a BackendUnavailableError naming it and the path', async () => {
    const error = await launchChromium('/nonexistent/chromium').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).backend).toBe('chromium');
    expect((error as Error).message).toMatch(/\/nonexistent\/chromium.*ANYK_CHROMIUM_PATH/);
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
    expect(chromiumPath({ ANYK_CHROMIUM_PATH: '/opt/chrome' })).toBe('/opt/chrome');
  });

  it('serves the page, the data and the vendor files cross-origin isolated, and nothing outside them', async () => {
    const data = new BenchDataStore();
    const weights = moeBenchWeights({ d: 4, f: 6, experts: 2 });
    data.provideMoe(weights, [moeProblem(weights, 3)]);
    const server = await startBenchPageServer(data);
    try {
      const get = (path: string) => fetch(new URL(path, server.url));
      const page = await get('/');
      expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(await page.text()).toMatch(/browser-bench-page\.ts/);
      const router = await get(`/bench-data/${benchDataNames.router}`);
      expect(new Float32Array(await router.arrayBuffer())).toEqual(weights.router);
      const model = new Uint8Array(
        await (await get(`/bench-data/${benchDataNames.expertModel(1)}`)).arrayBuffer(),
      );
      expect(model.length).toBeGreaterThan(3 * 4 * 6 * 4);
      expect((await get('/bench-data/moe/unknown')).status).toBe(404);
      const wasm = await get('/vendor/onnxruntime-web/ort-wasm-simd-threaded.wasm');
      expect(wasm.headers.get('content-type')).toBe('application/wasm');
      expect(wasm.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect((await get('/vendor/onnxruntime-web/../package.json')).status).toBe(404);
      expect((await get('/vendor/elsewhere/x.js')).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('maxRelativeDifference and the float64 GEMM reference', () => {
    const problem = gemmProblem(2, 3, 2);
    const expected = referenceGemm(problem);
    expect(expected[0]).toBeCloseTo(
      problem.a[0]! * problem.b[0]! + problem.a[1]! * problem.b[2]! + problem.a[2]! * problem.b[4]!,
      12,
    );
    expect(maxRelativeDifference(Float32Array.from(expected), expected)).toBeLessThan(1e-6);
    expect(maxRelativeDifference([2, 0], [1, 0])).toBe(1);
    expect(maxRelativeDifference([1], [1, 2])).toBe(Number.POSITIVE_INFINITY);
  });
});
