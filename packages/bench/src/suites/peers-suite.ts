import type { BenchCase } from '../harness/bench-case.ts';
import { ratioByIndex } from '../harness/bench-report.ts';
import type { BenchSuite, SuiteContext, SuiteResult } from '../harness/bench-suite.ts';
import { runBenchCases } from '../harness/run-suite.ts';
import { moeBenchWeights } from '../peers/index.ts';
import { cpuSuiteShapes } from './cpu-suite.ts';
import {
  anykGemmCase,
  anykMoeCase,
  gemmProblem,
  moeProblem,
  ortMatMulCase,
  ortMoeCase,
  tfjsMatMulCase,
} from './measurement-cases.ts';

/**
 * `peers`: the real peer packages side by side in one run, on the cpu suite's shapes: onnxruntime-node
 * MatMul, its per-expert loop and its dense masked MoE, tfjs-wasm MatMul, gpu.js through anyk's gpujs
 * backend, and anyk's node backend for reference. A peer that cannot load is a row with its error.
 */
export const peersSuite: BenchSuite = {
  name: 'peers',
  description: 'onnxruntime-node, tfjs-wasm and gpu.js next to anyk on the same GEMM and MoE shapes',
  async run(context: SuiteContext): Promise<SuiteResult> {
    const shapes = context.quick ? cpuSuiteShapes.quick : cpuSuiteShapes.full;
    const { m, k, n } = shapes.gemm;
    const gemm = gemmProblem(m, k, n);
    const weights = moeBenchWeights(shapes.moe);
    const prefill = moeProblem(weights, shapes.prefill);
    const decode = moeProblem(weights, shapes.decode);
    const gemmGroup = `gemm ${m}x${k}x${n}`;
    const prefillGroup = `moe prefill T=${prefill.tokens}`;
    const decodeGroup = `moe decode T=${decode.tokens}`;
    const slow = { warmup: 1, repeats: 2, maxTimeMs: 1, minRepeats: 1 };
    const cases: BenchCase[] = [
      ortMatMulCase(gemmGroup, gemm, 1),
      ortMatMulCase(gemmGroup, gemm, 2),
      tfjsMatMulCase(gemmGroup, gemm),
      anykGemmCase(gemmGroup, gemm, 1),
      ortMoeCase(prefillGroup, prefill, 'loop', 1),
      ortMoeCase(prefillGroup, prefill, 'loop', 2),
      ortMoeCase(prefillGroup, prefill, 'dense', 1),
      anykMoeCase({ group: prefillGroup, problem: prefill, backend: 'node', threads: 1, variant: 'top-2' }),
      ortMoeCase(decodeGroup, decode, 'loop', 1),
      ortMoeCase(decodeGroup, decode, 'dense', 1),
      anykMoeCase({ group: decodeGroup, problem: decode, backend: 'node', threads: 1, variant: 'top-2' }),
      // gpu.js computes one output per thread (~1 GFLOP/s on CPU modes): decode only, few runs.
      anykMoeCase({
        group: decodeGroup,
        problem: decode,
        backend: 'gpujs',
        threads: null,
        variant: 'top-2',
        measure: slow,
      }),
    ];
    const rows = await runBenchCases(cases, context, 'peers');
    /** Case `numerator`'s metric over case `denominator`'s (null when either is missing). */
    const ratio = ratioByIndex(cases, rows);
    const tokens = 'tokensPerSecond';
    return {
      rows,
      ratios: {
        tfjs_wasm_vs_ort_matmul_1t: ratio(2, 0, 'gflops'),
        ort_matmul_thread_scaling: ratio(1, 0, 'gflops'),
        ort_loop_vs_dense_prefill_1t: ratio(4, 6, tokens),
        ort_loop_vs_dense_decode_1t: ratio(8, 9, tokens),
        ort_loop_thread_scaling_prefill: ratio(5, 4, tokens),
        anyk_gemm_vs_ort_1t: ratio(3, 0, 'gflops'),
        anyk_moe_prefill_vs_ort_loop_1t: ratio(7, 4, tokens),
        anyk_moe_decode_vs_ort_loop_1t: ratio(10, 8, tokens),
      },
      notes: [
        'ORT sessions: intraOpNumThreads = threads, sequential execution, graph optimisation "all"; sessions that share the cores (loop, dense + router) run with session.intra_op.allow_spinning = 0.',
        'ORT per-expert loop = router MatMul session, top-2 softmax in JS, per expert a gather, a SwiGLU session run and a weighted scatter-add in JS. Dense masked = router session, top-2 in JS into a dense [T, E] weight matrix, one session computing all E experts for every token (E/k times the useful FLOPs).',
        'tfjs-wasm is single-threaded in Node; its time includes dataSync. gflops of MoE rows counts useful FLOPs (router + 6 d f per used expert) for every implementation.',
        'gpu.js runs through anyk\'s gpujs backend (createBackend("gpujs")); it is measured on the decode shape only.',
      ],
    };
  },
};
