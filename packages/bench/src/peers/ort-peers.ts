import {
  encodeOnnxModel,
  loadOnnxRuntime,
  type OnnxGraph,
  ortSessionOptions,
} from '@anyk/kernels-node/internal';
import type * as Ort from 'onnxruntime-node';
import { jsTopKRouting } from './js-top-k-routing.ts';
import type { MoeBenchWeights } from './moe-bench-weights.ts';
import { denseMaskedMoeGraph, matMulGraph, routerGraph, swigluExpertGraph } from './onnx-graphs.ts';
import { perExpertLoopForward } from './per-expert-loop.ts';

type OrtModule = typeof Ort;

async function createSession(
  ort: OrtModule,
  graph: OnnxGraph,
  threads: number,
  sharedCores: boolean,
): Promise<Ort.InferenceSession> {
  return ort.InferenceSession.create(encodeOnnxModel(graph), ortSessionOptions(threads, sharedCores));
}

/** A ready peer: call `run` to time, `dispose` to release the native sessions. */
export interface OrtMatMul {
  run(): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** ORT MatMul `[m, k] x [k, n]` with B a constant initializer (what a user's exported model has). */
export async function createOrtMatMul(options: {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly a: Float32Array;
  readonly b: Float32Array;
  readonly threads: number;
}): Promise<OrtMatMul> {
  const ort = await loadOnnxRuntime();
  const session = await createSession(
    ort,
    matMulGraph(options.k, options.n, options.b),
    options.threads,
    // The cpu suite times its rows in turns: a pool spinning after its call would slow the next row.
    true,
  );
  const input = new ort.Tensor('float32', options.a, [options.m, options.k]);
  return {
    async run() {
      const output = await session.run({ a: input });
      return (output.y as Ort.Tensor).data as Float32Array;
    },
    async dispose() {
      await session.release();
    },
  };
}

/** An MoE layer forward implemented on onnxruntime-node sessions plus JS glue. */
export interface OrtMoe {
  forward(x: Float32Array, tokens: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

async function routerLogits(
  ort: OrtModule,
  router: Ort.InferenceSession,
  x: Float32Array,
  tokens: number,
  d: number,
): Promise<Float32Array> {
  const output = await router.run({ a: new ort.Tensor('float32', x, [tokens, d]) });
  return (output.y as Ort.Tensor).data as Float32Array;
}

/**
 * The per-expert loop a user writes around onnxruntime-node (`perExpertLoopForward`): router logits in ORT,
 * top-k in JS, then for each expert gather its tokens' rows, run that expert's SwiGLU session, and
 * scatter-add the weighted rows.
 */
export async function createOrtMoeLoop(options: {
  readonly weights: MoeBenchWeights;
  readonly k: number;
  readonly threads: number;
}): Promise<OrtMoe> {
  const ort = await loadOnnxRuntime();
  const { weights, k, threads } = options;
  const { d, experts } = weights;
  const router = await createSession(ort, routerGraph(weights), threads, true);
  const sessions: Ort.InferenceSession[] = [];
  for (let e = 0; e < experts; e++)
    sessions.push(await createSession(ort, swigluExpertGraph(weights, e), threads, true));
  return {
    forward: (x, tokens) =>
      perExpertLoopForward(
        {
          routerLogits: (input, count) => routerLogits(ort, router, input, count, d),
          async expertForward(expert, gathered, rows) {
            const output = await (sessions[expert] as Ort.InferenceSession).run({
              x: new ort.Tensor('float32', gathered, [rows, d]),
            });
            return (output.y as Ort.Tensor).data as Float32Array;
          },
        },
        { d, experts, k },
        x,
        tokens,
      ),
    async dispose() {
      await router.release();
      for (const session of sessions) await session.release();
    },
  };
}

/**
 * The dense masked MoE on onnxruntime-node: router in ORT, top-k in JS into a dense `[T, E]` weight matrix,
 * then one session computes every expert for every token and sums them weighted (zeros mask the rest).
 */
export async function createOrtDenseMoe(options: {
  readonly weights: MoeBenchWeights;
  readonly k: number;
  readonly threads: number;
}): Promise<OrtMoe> {
  const ort = await loadOnnxRuntime();
  const { weights, k, threads } = options;
  const { d, experts } = weights;
  const router = await createSession(ort, routerGraph(weights), threads, true);
  const dense = await createSession(ort, denseMaskedMoeGraph(weights), threads, true);
  return {
    async forward(x, tokens) {
      const logits = await routerLogits(ort, router, x, tokens, d);
      const routing = jsTopKRouting(logits, tokens, experts, k);
      const combine = new Float32Array(tokens * experts);
      for (let slot = 0; slot < tokens * k; slot++) {
        combine[Math.floor(slot / k) * experts + routing.experts[slot]!] = routing.weights[slot]!;
      }
      const output = await dense.run({
        x: new ort.Tensor('float32', x, [tokens, d]),
        w: new ort.Tensor('float32', combine, [tokens, experts]),
      });
      return (output.y as Ort.Tensor).data as Float32Array;
    },
    async dispose() {
      await router.release();
      await dense.release();
    },
  };
}
