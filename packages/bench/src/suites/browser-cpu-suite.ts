import { availableParallelism, loadavg } from 'node:os';
import { BenchDataStore } from '../browser-bench/bench-data-store.ts';
import { type BrowserBenchSession, openBrowserBenchSession } from '../browser-bench/browser-bench-session.ts';
import { browserCase } from '../browser-bench/browser-case.ts';
import type { BrowserImplementation } from '../browser-bench/browser-case-spec.ts';
import { referenceGemm, referenceMoe } from '../browser-bench/reference-outputs.ts';
import type { BenchCase } from '../harness/bench-case.ts';
import { ratioByIndex } from '../harness/bench-report.ts';
import type { BenchSuite, SuiteContext, SuiteResult } from '../harness/bench-suite.ts';
import { runBenchCasesInterleaved } from '../harness/run-interleaved.ts';
import type { MoeProblem } from './anyk-moe-layer.ts';
import { cpuSuiteProblems } from './cpu-suite.ts';
import { type GemmProblem, gemmShape, moeShape } from './measurement-cases.ts';

/** How each page implementation appears in rows: its id part, its label, and the engine in its shape. */
const implementations: Record<
  BrowserImplementation,
  { readonly id: string; readonly gemm: string; readonly moe: string; readonly engine: string }
> = {
  'anyk-browser-cpu': {
    id: 'anyk-browser-cpu',
    gemm: 'anyk browser-cpu',
    moe: 'anyk browser-cpu top-2',
    engine: 'wasm',
  },
  'onnxruntime-web': {
    id: 'ort-web',
    gemm: 'onnxruntime-web',
    moe: 'onnxruntime-web per-expert loop',
    engine: 'onnxruntime-web',
  },
  'tfjs-wasm': { id: 'tfjs-wasm', gemm: 'tfjs-wasm', moe: 'tfjs-wasm per-expert loop', engine: 'tfjs-wasm' },
};

/**
 * `browser-cpu`: anyk's browser CPU backend (`@anyk/kernels-node/browser`, WebAssembly kernels in Web
 * Workers) against onnxruntime-web (WebAssembly execution provider) and tfjs-wasm, in headless Chromium,
 * on the cpu suite's shapes, side by side in one run. The page is served cross-origin isolated, so every
 * runtime may use threads.
 */
export const browserCpuSuite: BenchSuite = {
  name: 'browser-cpu',
  description:
    'anyk browser-cpu backend vs onnxruntime-web and tfjs-wasm in headless Chromium: GEMM, MoE prefill/decode, threads',
  async run(context: SuiteContext): Promise<SuiteResult> {
    const { gemm, weights, prefill, decode } = cpuSuiteProblems(context.quick);
    const data = new BenchDataStore();
    data.provideGemm(gemm);
    data.provideMoe(weights, [prefill, decode]);
    // Opened before any row, so a missing Chromium or peer is one typed error, not a table of failed rows.
    const session = await openBrowserBenchSession(data);
    const loadAtStart = loadavg();
    try {
      const cases = browserCpuCases(context, session, gemm, prefill, decode);
      const rows = await runBenchCasesInterleaved(cases, context, 'browser-cpu');
      /** Case `numerator`'s metric over case `denominator`'s (null when either is missing). */
      const ratio = ratioByIndex(cases, rows);
      const tokens = 'tokensPerSecond';
      return {
        rows,
        ratios: {
          browser_wasm_moe_vs_ort_web: ratio(3, 5, tokens),
          browser_wasm_moe_decode_vs_ort_web: ratio(9, 11, tokens),
          browser_wasm_moe_vs_tfjs_wasm: ratio(3, 7, tokens),
          browser_wasm_moe_decode_vs_tfjs_wasm: ratio(9, 12, tokens),
          browser_wasm_moe_vs_ort_web_2t: ratio(4, 6, tokens),
          browser_thread_scaling: ratio(4, 3, tokens),
          browser_thread_scaling_decode: ratio(10, 9, tokens),
          ort_web_thread_scaling: ratio(6, 5, tokens),
          tfjs_wasm_thread_scaling: ratio(8, 7, tokens),
          browser_gemm_vs_ort_web_1t: ratio(2, 0, 'gflops'),
          tfjs_wasm_gemm_vs_ort_web_1t: ratio(1, 0, 'gflops'),
          browser_moe_vs_own_dense_1t: ratio(3, 2, 'gflops'),
        },
        notes: [
          ...browserCpuNotes(
            session.browserVersion,
            rows.some((row) => row.error !== undefined),
          ),
          `Load average (1, 5, 15 min) at the start: ${formatLoad(loadAtStart)}; at the end: ${formatLoad(loadavg())}, on ${availableParallelism()} logical cores. Other processes' load slows every row, unevenly: compare runs made on a quiet machine.`,
        ],
      };
    } finally {
      await session.close();
    }
  },
};

/** The suite's rows, in the order its ratios index them. */
function browserCpuCases(
  context: SuiteContext,
  session: BrowserBenchSession,
  gemm: GemmProblem,
  prefill: MoeProblem,
  decode: MoeProblem,
): BenchCase[] {
  const gemmGroup = `gemm ${gemm.m}x${gemm.k}x${gemm.n}`;
  // The float64 reference output checks each row's first output on --quick shapes.
  const expectedGemm = context.quick ? memo(async () => referenceGemm(gemm)) : undefined;
  const expectedMoe = new Map(
    [prefill, decode].map((problem) => [problem, memo(() => referenceMoe(problem))]),
  );
  const gemmCase = (implementation: BrowserImplementation, threads: number): BenchCase => {
    const names = implementations[implementation];
    return browserCase({
      id: `${gemmGroup}/${names.id}/${threads}t`,
      group: gemmGroup,
      implementation: names.gemm,
      shape: gemmShape(gemm, names.engine),
      spec: { kind: 'gemm', implementation, threads, m: gemm.m, k: gemm.k, n: gemm.n },
      session,
      expected: expectedGemm,
    });
  };
  const moeCase = (
    implementation: BrowserImplementation,
    problem: MoeProblem,
    threads: number,
  ): BenchCase => {
    const names = implementations[implementation];
    const group = `moe ${problem === prefill ? 'prefill' : 'decode'} T=${problem.tokens}`;
    const { d, f, experts } = problem.weights;
    return browserCase({
      id: `${group}/${names.id}${implementation === 'anyk-browser-cpu' ? '-top-2' : '-loop'}/${threads}t`,
      group,
      implementation: names.moe,
      shape: moeShape(problem, names.engine),
      spec: { kind: 'moe', implementation, threads, tokens: problem.tokens, d, f, experts, k: problem.k },
      session,
      expected: context.quick ? expectedMoe.get(problem) : undefined,
    });
  };
  return [
    // 0-2: dense GEMM per implementation, 1 thread.
    gemmCase('onnxruntime-web', 1),
    gemmCase('tfjs-wasm', 1),
    gemmCase('anyk-browser-cpu', 1),
    // 3-8: prefill, 1 and 2 threads each.
    moeCase('anyk-browser-cpu', prefill, 1),
    moeCase('anyk-browser-cpu', prefill, 2),
    moeCase('onnxruntime-web', prefill, 1),
    moeCase('onnxruntime-web', prefill, 2),
    moeCase('tfjs-wasm', prefill, 1),
    moeCase('tfjs-wasm', prefill, 2),
    // 9-12: decode; anyk on 2 threads too (the decode path must not slow down with threads).
    moeCase('anyk-browser-cpu', decode, 1),
    moeCase('anyk-browser-cpu', decode, 2),
    moeCase('onnxruntime-web', decode, 1),
    moeCase('tfjs-wasm', decode, 1),
  ];
}

function formatLoad(load: readonly number[]): string {
  return load.map((value) => value.toFixed(2)).join(', ');
}

/** `make`, called once. */
function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

function browserCpuNotes(browserVersion: string, anyErrors: boolean): string[] {
  const notes = [
    `Headless Chromium ${browserVersion} (Debian's, through playwright-core), each row prepared in its own fresh page, served by Vite on 127.0.0.1 with COOP/COEP headers (crossOriginIsolated: shared memory and threads for every runtime). Rows are timed in turns: every row's page is prepared first, then each round calls every row once (the first row rotating), so a drift in the machine's speed falls on all rows alike; each call is timed in its page (performance.now()), rows report medians of the rounds. Peers' .wasm/.mjs files come from node_modules.`,
    "anyk's GEMM row is prepareBrowserGemm of @anyk/kernels-node/browser: the backend's f32 microkernel on the page's thread, B packed once outside the timing (what prepareGemm gives the node suites). anyk MoE rows are backend.forward of createBrowserCpuBackend({ threads }) (routing, plan, grouped SwiGLU, combine, result posted back from the workers). Peer MoE rows are the cpu suite's per-expert loop: router MatMul, top-2 softmax in JS, per expert a gather, a SwiGLU FFN (MatMul, Sigmoid, Mul, Mul, MatMul) and a weighted scatter-add in JS; onnxruntime-web runs the node peers' ONNX models (built with kernels-node's encoder) on its WebAssembly execution provider (ort.env.wasm.numThreads = threads), tfjs-wasm runs the same ops on tensors created once (setThreadsCount(threads)), reading results back with dataSync.",
    'Each row names its engine (wasm: anyk WebAssembly SIMD microkernels; onnxruntime-web: ORT WebAssembly MLAS; tfjs-wasm: XNNPACK) and weight dtype (f32) in its shape. gflops of MoE rows counts useful FLOPs: router GEMM plus 6 d f per (token, used expert).',
    'browser_wasm_moe_vs_ort_web = anyk browser-cpu MoE prefill tokens/s / onnxruntime-web per-expert loop tokens/s, 1 thread each (issue 20 aims at >= 1.2); *_decode_* the same at decode; *_vs_tfjs_wasm against the tfjs-wasm loop; *_2t both on 2 threads; *_thread_scaling = tokens/s 2 threads / 1 thread (decode: anyk only); browser_gemm_vs_ort_web_1t and tfjs_wasm_gemm_vs_ort_web_1t = GEMM GFLOP/s ratios; browser_moe_vs_own_dense_1t = anyk MoE useful GFLOP/s / anyk GEMM GFLOP/s.',
    "maxRelativeDifference (--quick only) = max |output - float64 reference| / max |reference| of the first call (every row but anyk's GEMM, which runs its kernel on its own data).",
  ];
  if (anyErrors) notes.push('Rows with an error could not run; ratios using them are null.');
  return notes;
}
