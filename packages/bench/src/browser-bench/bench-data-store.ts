import { encodeOnnxModel } from '@anyk/kernels-node/internal';
import {
  expertMatMulWeights,
  type MoeBenchWeights,
  matMulGraph,
  routerGraph,
  routerMatMulWeights,
  swigluExpertGraph,
} from '../peers/index.ts';
import type { GemmProblem, MoeProblem } from '../suites/measurement-cases.ts';
import { benchDataNames } from './browser-case-spec.ts';

function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * The tensors and ONNX models the page fetches, by name (`benchDataNames`). Node builds them from the same
 * seeded problems as the node suites, with the same graphs and kernels-node's ONNX encoder, so the browser
 * rows compute what the `cpu` and `peers` rows compute. Each item is built on its first request and kept.
 */
export class BenchDataStore {
  private readonly makers = new Map<string, () => Uint8Array>();
  private readonly made = new Map<string, Uint8Array>();

  provide(name: string, make: () => Uint8Array): void {
    this.makers.set(name, make);
    this.made.delete(name);
  }

  /** The bytes of `name`, or `undefined` for a name nobody provided. */
  get(name: string): Uint8Array | undefined {
    const cached = this.made.get(name);
    if (cached) return cached;
    const make = this.makers.get(name);
    if (!make) return undefined;
    const bytes = make();
    this.made.set(name, bytes);
    return bytes;
  }

  /** A dense GEMM problem: `a`, `b` and the ONNX MatMul model with `b` as its initializer. */
  provideGemm(problem: GemmProblem): void {
    this.provide(benchDataNames.gemmA, () => bytesOf(problem.a));
    this.provide(benchDataNames.gemmB, () => bytesOf(problem.b));
    this.provide(benchDataNames.gemmModel, () =>
      encodeOnnxModel(matMulGraph(problem.k, problem.n, problem.b)),
    );
  }

  /** A MoE layer's weights in every layout a page implementation reads, and each problem's input. */
  provideMoe(weights: MoeBenchWeights, problems: readonly MoeProblem[]): void {
    this.provide(benchDataNames.router, () => bytesOf(weights.router));
    this.provide(benchDataNames.wGate, () => bytesOf(weights.wGate));
    this.provide(benchDataNames.wUp, () => bytesOf(weights.wUp));
    this.provide(benchDataNames.wDown, () => bytesOf(weights.wDown));
    this.provide(benchDataNames.routerInOut, () => bytesOf(routerMatMulWeights(weights)));
    this.provide(benchDataNames.routerModel, () => encodeOnnxModel(routerGraph(weights)));
    for (let expert = 0; expert < weights.experts; expert++) {
      let matrices: ReturnType<typeof expertMatMulWeights> | undefined;
      const inOut = () => {
        matrices ??= expertMatMulWeights(weights, expert);
        return matrices;
      };
      this.provide(benchDataNames.expertInOut(expert, 'w-gate'), () => bytesOf(inOut().wGate));
      this.provide(benchDataNames.expertInOut(expert, 'w-up'), () => bytesOf(inOut().wUp));
      this.provide(benchDataNames.expertInOut(expert, 'w-down'), () => bytesOf(inOut().wDown));
      this.provide(benchDataNames.expertModel(expert), () =>
        encodeOnnxModel(swigluExpertGraph(weights, expert)),
      );
    }
    for (const problem of problems)
      this.provide(benchDataNames.input(problem.tokens), () => bytesOf(problem.x));
  }
}
