import { topP } from '@anyk/routers/top-p';
import type { BenchRow } from '../harness/bench-report.ts';
import { ratioByIndex } from '../harness/bench-report.ts';
import type { BenchSuite, SuiteContext, SuiteResult } from '../harness/bench-suite.ts';
import { runBenchCasesInterleaved } from '../harness/run-interleaved.ts';
import { moeBenchWeights } from '../peers/index.ts';
import {
  anykGemmCase,
  anykMoeCase,
  gemmProblem,
  moeProblem,
  ortMatMulCase,
  ortMoeCase,
} from './measurement-cases.ts';
import { searchTopP } from './search-top-p.ts';

/** Shapes of the cpu suite: the kernels-node issue's (full) and a smoke-test subset (quick). */
export const cpuSuiteShapes = {
  full: {
    gemm: { m: 512, k: 1024, n: 2816 },
    moe: { d: 1024, f: 1408, experts: 8 },
    prefill: 512,
    decode: 4,
  },
  quick: { gemm: { m: 64, k: 128, n: 256 }, moe: { d: 64, f: 96, experts: 8 }, prefill: 32, decode: 4 },
} as const;

/**
 * The seeded problems of the cpu suite's shapes (quick or full): one GEMM, the expert weights, and the
 * prefill and decode inputs. The browser-cpu suite measures the same problems.
 */
export function cpuSuiteProblems(quick: boolean) {
  const shapes = quick ? cpuSuiteShapes.quick : cpuSuiteShapes.full;
  const { m, k, n } = shapes.gemm;
  const weights = moeBenchWeights(shapes.moe);
  return {
    gemm: gemmProblem(m, k, n),
    weights,
    prefill: moeProblem(weights, shapes.prefill),
    decode: moeProblem(weights, shapes.decode),
  };
}

/**
 * `cpu`: anyk's node backend against onnxruntime-node on the same machine, in one run, with the ratios of
 * the kernels-node issue. When the node backend is not built the anyk rows carry the reason and the ratios
 * are null.
 */
export const cpuSuite: BenchSuite = {
  name: 'cpu',
  description:
    'anyk node backend (WebAssembly and onnxruntime engines) vs onnxruntime-node: GEMM, MoE prefill/decode (float32 and BF16 weights), top-p vs top-2, threads',
  async run(context: SuiteContext): Promise<SuiteResult> {
    const { gemm, weights, prefill, decode } = cpuSuiteProblems(context.quick);
    const choice = searchTopP(prefill);
    const gemmGroup = `gemm ${gemm.m}x${gemm.k}x${gemm.n}`;
    const prefillGroup = `moe prefill T=${prefill.tokens}`;
    const decodeGroup = `moe decode T=${decode.tokens}`;
    const topPSpec = topP({ numExperts: weights.experts, p: choice.p }).spec();
    const prefillCase = { group: prefillGroup, problem: prefill, backend: 'node', variant: 'top-2' };
    const decodeCase = { group: decodeGroup, problem: decode, backend: 'node', variant: 'top-2' };
    const cases = [
      ortMatMulCase(gemmGroup, gemm, 1),
      anykGemmCase(gemmGroup, gemm, 1),
      ortMoeCase(prefillGroup, prefill, 'loop', 1),
      anykMoeCase({ group: prefillGroup, problem: prefill, backend: 'node', threads: 1, variant: 'top-2' }),
      anykMoeCase({ group: prefillGroup, problem: prefill, backend: 'node', threads: 2, variant: 'top-2' }),
      anykMoeCase({
        group: prefillGroup,
        problem: prefill,
        backend: 'node',
        threads: 1,
        variant: 'top-p',
        spec: topPSpec,
      }),
      ortMoeCase(decodeGroup, decode, 'loop', 1),
      anykMoeCase({ group: decodeGroup, problem: decode, backend: 'node', threads: 1, variant: 'top-2' }),
      // 8-11: the onnxruntime engine (native MLAS kernels) and the decode path on 2 threads.
      ...[1, 2].map((threads) => anykMoeCase({ ...prefillCase, threads, engine: 'onnxruntime' as const })),
      anykMoeCase({ ...decodeCase, threads: 1, engine: 'onnxruntime' }),
      anykMoeCase({ ...decodeCase, threads: 2 }),
      // 12: the decode path with the expert weights held as BF16.
      anykMoeCase({ ...decodeCase, threads: 1, weights: 'bf16' }),
      // 13-14: both GEMMs on 2 threads: what splitting one product over the two cores gives, anyk's pool
      // and onnxruntime's own, the yardstick for thread_scaling.
      ortMatMulCase(gemmGroup, gemm, 2),
      anykGemmCase(gemmGroup, gemm, 2),
    ];
    // Full runs take 15 rounds (the default is 9): with 9, thread_scaling read 1.65, 1.89 and 2.07 in three
    // runs on a shared 2-core VM.
    const measure = context.quick ? context.measure : { ...context.measure, repeats: 15 };
    const rows = await runBenchCasesInterleaved(cases, { ...context, measure }, 'cpu');
    /** Case `numerator`'s metric over case `denominator`'s (null when either is missing). */
    const ratio = ratioByIndex(cases, rows);
    const topP1 = rows[5];
    const top21 = rows[3];
    const dynamic =
      topP1?.medianMs && top21?.medianMs && topP1.metrics.meanExperts
        ? topP1.medianMs / top21.medianMs / ((topP1.metrics.meanExperts as number) / prefill.k)
        : null;
    return {
      rows,
      ratios: {
        gemm_vs_ort_1t: ratio(1, 0, 'gflops'),
        moe_prefill_vs_ort_loop_1t: ratio(3, 2, 'tokensPerSecond'),
        moe_decode_vs_ort_loop_1t: ratio(7, 6, 'tokensPerSecond'),
        moe_decode_bf16_vs_ort_loop_1t: ratio(12, 6, 'tokensPerSecond'),
        moe_decode_bf16_vs_f32_1t: ratio(12, 7, 'tokensPerSecond'),
        moe_vs_own_dense_1t: ratio(3, 1, 'gflops'),
        dynamic_conversion_1t: dynamic,
        thread_scaling: ratio(4, 3, 'tokensPerSecond'),
        moe_prefill_ort_engine_vs_ort_loop_1t: ratio(8, 2, 'tokensPerSecond'),
        moe_decode_ort_engine_vs_ort_loop_1t: ratio(10, 6, 'tokensPerSecond'),
        thread_scaling_decode: ratio(11, 7, 'tokensPerSecond'),
        thread_scaling_ort_engine: ratio(9, 8, 'tokensPerSecond'),
        gemm_thread_scaling: ratio(14, 1, 'gflops'),
        ort_gemm_thread_scaling: ratio(13, 0, 'gflops'),
      },
      notes: cpuNotes(choice, rows),
    };
  },
};

function cpuNotes(choice: { p: number; meanExperts: number }, rows: readonly BenchRow[]): string[] {
  const notes = [
    "Rows are timed in turns: every row is set up first, then each round calls every row once (the first row rotating), so a drift in the machine's speed falls on all rows alike; medians of the rounds.",
    'Times are one full call each: ORT rows include the router MatMul, JS top-2, gathers and the weighted scatter-add; anyk rows are backend.forward (routing, plan, grouped SwiGLU, combine).',
    'gflops of MoE rows counts useful FLOPs: router GEMM plus 6 d f per (token, used expert).',
    "shape.dtype is the expert weights' dtype: every row is f32 but the bf16 decode row, which holds the same weights rounded to BF16 (16 bits per weight, widened in registers by the decode kernels); ORT always computes on float32 weights.",
    `top-p row: p = ${choice.p}, searched by bisection on these inputs so the reference router gives ${choice.meanExperts.toFixed(3)} experts per token (target 1.5, window 1.2-1.8).`,
    'gemm_vs_ort_1t = anyk GEMM GFLOP/s / ORT MatMul GFLOP/s; moe_*_vs_ort_loop_1t = tokens/s ratios (the anyk side on the default WebAssembly engine, or on the onnxruntime engine where the name says ort_engine; moe_decode_bf16_vs_ort_loop_1t: anyk on BF16 weights vs ORT on float32); moe_decode_bf16_vs_f32_1t = anyk decode tokens/s with BF16 weights / with float32 weights; moe_vs_own_dense_1t = anyk MoE useful GFLOP/s / anyk GEMM GFLOP/s; dynamic_conversion_1t = (time top-p / time top-2) / (mean k top-p / 2), 1 = time follows experts exactly; thread_scaling = prefill MoE tokens/s 2 threads / 1 thread (WebAssembly engine), thread_scaling_decode the same at decode, thread_scaling_ort_engine at prefill on the onnxruntime engine; gemm_thread_scaling and ort_gemm_thread_scaling = the dense GEMM GFLOP/s on 2 threads / 1 thread (anyk WebAssembly, onnxruntime MLAS): what two cores give one product on this machine, the yardstick for thread_scaling.',
    'Each row names its engine (wasm: anyk WebAssembly SIMD microkernels; onnxruntime: onnxruntime-node MLAS, the peers and the node backend with engine "onnxruntime") and weight dtype in its shape.',
  ];
  if (choice.meanExperts < 1.2 || choice.meanExperts > 1.8) {
    notes.push(
      `warning: no p gave 1.2-1.8 experts per token on these inputs (closest ${choice.meanExperts}).`,
    );
  }
  if (rows.some((row) => row.error !== undefined))
    notes.push('Rows with an error could not run; ratios using them are null.');
  return notes;
}
