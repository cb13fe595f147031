import type { MoeLayerV1, MoeLayerWeightsV1 } from '@anyk/core';
import type * as Ort from 'onnxruntime-node';
import { weightArrays } from '../node-backend/prepared-layer.ts';
import {
  bankBackwardInputNames,
  bankBackwardOutputNames,
  expertBankBackwardGraph,
} from './expert-bank-backward-graph.ts';
import {
  bankOutputNames,
  bankRowsName,
  denseGemmGraph,
  type ExpertBankWeights,
  expertBanksGraph,
  float32Slice,
  routerLogitsGraph,
} from './expert-bank-graph.ts';
import {
  loadOnnxRuntime,
  type OnnxRuntimeImporter,
  type OnnxRuntimeModule,
  ortSessionOptions,
} from './load-onnx-runtime.ts';
import { encodeOnnxModel, type OnnxGraph } from './onnx-model-encoder.ts';

/** One bank's outputs of an experts run: `[rows, d]` outputs and, when retained, `[rows, f]` intermediates. */
export interface ExpertBankRun {
  readonly y: Float32Array;
  readonly gate?: Float32Array | undefined;
  readonly up?: Float32Array | undefined;
  readonly h?: Float32Array | undefined;
}

/** A layer's sessions, made on first use; `arrays` are the weight arrays they were built from. */
interface LayerSessions {
  readonly arrays: readonly unknown[];
  router?: Promise<Ort.InferenceSession>;
  experts?: Promise<Ort.InferenceSession>;
  /** The same experts with their intermediates as outputs (training), made on the first retaining call. */
  retaining?: Promise<Ort.InferenceSession>;
  /** Each bank's backward (weights as inputs), made on the first backward. */
  routedBackward?: Promise<Ort.InferenceSession>;
  sharedBackward?: Promise<Ort.InferenceSession>;
}

/** What one bank's backward reads: its rows, row weights and the forward's unpadded intermediates. */
export interface ExpertBankBackwardInput {
  /** Expert input (`expertInputScale x`) and output gradient, `[T, d]`. */
  readonly x: Float32Array;
  readonly gy: Float32Array;
  readonly tokens: number;
  /** `[count + 1]` segment offsets into the bank's rows. */
  readonly offset: Int32Array;
  readonly rowToken: Int32Array;
  readonly rowWeight: Float32Array;
  /** `[rows, f]` each (gate only for swiglu). */
  readonly gate: Float32Array | undefined;
  readonly up: Float32Array;
  readonly h: Float32Array;
}

/** One bank's backward results (float32): row weights' and input rows' gradients, weight gradients. */
export interface ExpertBankBackwardRun {
  readonly rowWeightGrad: Float32Array;
  readonly xRowsGrad: Float32Array;
  readonly wGateGrad: Float32Array | undefined;
  readonly wUpGrad: Float32Array;
  readonly wDownGrad: Float32Array;
}

/**
 * The onnxruntime engine of the node backend: onnxruntime-node sessions (MLAS, AVX-512 where the CPU has
 * it) run the router product and every expert FFN of a layer, one `run` each per forward, with the weights
 * baked in as initializers (pre-packed once by ORT). Tokens reach an expert through a `Gather` inside the
 * graph, from the plan's segments, so there is no JavaScript gather and no per-expert call.
 */
export class OrtEngine {
  private readonly layers = new WeakMap<MoeLayerWeightsV1, LayerSessions>();
  /** Every live layer entry, so `dispose` can release their native sessions. */
  private readonly live = new Set<LayerSessions>();
  /**
   * Releases a layer's native sessions once its weights object is garbage-collected, so an app that passes
   * a new weights object per call does not accumulate sessions (the packed-weight cache does the same).
   */
  private readonly finalizer = new FinalizationRegistry<LayerSessions>((sessions) => {
    void this.releaseSessions(sessions);
  });
  private readonly dense = new Map<string, Promise<Ort.InferenceSession>>();

  private readonly ort: OnnxRuntimeModule;
  readonly threads: number;

  private constructor(ort: OnnxRuntimeModule, threads: number) {
    this.ort = ort;
    this.threads = threads;
  }

  /**
   * Loads onnxruntime-node (through `importer`, a dynamic import by default).
   *
   * @throws {BackendUnavailableError} (rejects) when onnxruntime-node is not installed or cannot load
   */
  static async create(options: { threads: number; importer?: OnnxRuntimeImporter | undefined }) {
    return new OrtEngine(await loadOnnxRuntime(options.importer), options.threads);
  }

  /** `[tokens, total]` float64 router logits of a linear router. */
  async routerLogits(layer: MoeLayerV1, x: Float32Array, tokens: number): Promise<Float64Array> {
    const { weights } = layer;
    const sessions = this.sessionsOf(weights);
    const total = weights.router.length / weights.d;
    sessions.router ??= this.session(routerLogitsGraph(weights.router, total, weights.d));
    const output = await (await sessions.router).run({ x: this.tensor(x, [tokens, weights.d]) });
    return (output.logits as Ort.Tensor).data as Float64Array;
  }

  /**
   * Runs a layer's expert banks on `x` (already scaled by the layer's expert input scale): the routed bank
   * on the plan's segments (`offset` into `rowToken`), the shared bank on every token.
   */
  async runExperts(
    layer: MoeLayerV1,
    x: Float32Array,
    tokens: number,
    routed: { readonly offset: Int32Array; readonly rowToken: Int32Array },
    retain: boolean,
  ): Promise<{ routed: ExpertBankRun | undefined; shared: ExpertBankRun | undefined }> {
    const { weights, spec } = layer;
    const sessions = this.sessionsOf(weights);
    const banks = expertBanks(layer);
    const session = retain
      ? (sessions.retaining ??= this.session(expertBanksGraph(banks, true)))
      : (sessions.experts ??= this.session(expertBanksGraph(banks, false)));
    const feeds: Record<string, Ort.Tensor> = { x: this.tensor(x, [tokens, weights.d]) };
    for (let expert = 0; expert < spec.numExperts; expert++) {
      const start = routed.offset[expert]!;
      const rows = routed.rowToken.subarray(start, routed.offset[expert + 1]!);
      feeds[bankRowsName('routed', expert)] = new this.ort.Tensor('int32', rows, [rows.length]);
    }
    const output = await (await session).run(feeds);
    const read = (name: string): ExpertBankRun => {
      const names = bankOutputNames(name);
      const data = (key: string) => (output[key] as Ort.Tensor | undefined)?.data as Float32Array | undefined;
      return {
        y: data(names.y) as Float32Array,
        gate: data(names.gate),
        up: data(names.up),
        h: data(names.h),
      };
    };
    return {
      routed: routed.rowToken.length > 0 ? read('routed') : undefined,
      shared: weights.shared && tokens > 0 ? read('shared') : undefined,
    };
  }

  /** The backward of one bank's experts (see `expertBankBackwardGraph`), one session run. */
  async bankBackward(
    layer: MoeLayerV1,
    bankName: 'routed' | 'shared',
    input: ExpertBankBackwardInput,
  ): Promise<ExpertBankBackwardRun> {
    const sessions = this.sessionsOf(layer.weights);
    const bank = expertBanks(layer).find((entry) => entry.name === bankName) as ExpertBankWeights;
    const session =
      bankName === 'routed'
        ? (sessions.routedBackward ??= this.session(expertBankBackwardGraph(bank)))
        : (sessions.sharedBackward ??= this.session(expertBankBackwardGraph(bank)));
    const { d, f } = bank;
    const feeds: Record<string, Ort.Tensor> = {
      x: this.tensor(input.x, [input.tokens, d]),
      gy: this.tensor(input.gy, [input.tokens, d]),
    };
    for (let expert = 0; expert < bank.count; expert++) {
      const names = bankBackwardInputNames(bankName, expert);
      const start = input.offset[expert]!;
      const end = input.offset[expert + 1]!;
      const rows = end - start;
      if (bank.gathered) {
        feeds[names.rows] = new this.ort.Tensor('int32', input.rowToken.subarray(start, end), [rows]);
      }
      feeds[names.rowWeight] = this.tensor(input.rowWeight.subarray(start, end), [rows, 1]);
      const intermediate = (data: Float32Array) => this.tensor(data.subarray(start * f, end * f), [rows, f]);
      if (input.gate) feeds[names.gate] = intermediate(input.gate);
      feeds[names.up] = intermediate(input.up);
      feeds[names.h] = intermediate(input.h);
      const weight = (data: ArrayLike<number>, dims: [number, number]) =>
        this.tensor(float32Slice(data, expert * f * d, f * d), dims);
      if (bank.wGate) feeds[names.wGate] = weight(bank.wGate, [f, d]);
      feeds[names.wUp] = weight(bank.wUp, [f, d]);
      feeds[names.wDown] = weight(bank.wDown, [d, f]);
    }
    const output = await (await session).run(feeds);
    const names = bankBackwardOutputNames(bankName);
    const data = (key: string) => (output[key] as Ort.Tensor | undefined)?.data as Float32Array | undefined;
    return {
      rowWeightGrad: data(names.rowWeightGrad) as Float32Array,
      xRowsGrad: data(names.xRowsGrad) as Float32Array,
      wGateGrad: data(names.wGateGrad),
      wUpGrad: data(names.wUpGrad) as Float32Array,
      wDownGrad: data(names.wDownGrad) as Float32Array,
    };
  }

  /** `op(a) [m, k] op(b) [k, n]` as float32 `[m, n]`, both operands inputs (no weights baked in). */
  async gemm(
    a: Float32Array,
    b: Float32Array,
    shape: { m: number; n: number; k: number; transposeA: boolean; transposeB: boolean },
  ): Promise<Float32Array> {
    const { m, n, k, transposeA, transposeB } = shape;
    const key = `${transposeA}-${transposeB}`;
    let session = this.dense.get(key);
    if (!session) {
      session = this.session(denseGemmGraph(transposeA, transposeB));
      this.dense.set(key, session);
    }
    const output = await (await session).run({
      a: this.tensor(a, transposeA ? [k, m] : [m, k]),
      b: this.tensor(b, transposeB ? [n, k] : [k, n]),
    });
    return (output.y as Ort.Tensor).data as Float32Array;
  }

  /** Releases the sessions built for `weights` (after an in-place change of its arrays, or to free memory). */
  async release(weights: MoeLayerWeightsV1): Promise<void> {
    const sessions = this.layers.get(weights);
    if (!sessions) return;
    this.layers.delete(weights);
    this.finalizer.unregister(sessions);
    await this.releaseSessions(sessions);
  }

  async dispose(): Promise<void> {
    for (const sessions of [...this.live]) await this.releaseSessions(sessions);
    for (const session of this.dense.values()) await releaseSession(session);
    this.dense.clear();
  }

  /** The entry of `weights`, rebuilt when one of its arrays was replaced since. */
  private sessionsOf(weights: MoeLayerWeightsV1): LayerSessions {
    const arrays = weightArrays(weights);
    const existing = this.layers.get(weights);
    if (existing && arrays.every((value, index) => existing.arrays[index] === value)) return existing;
    if (existing) {
      this.finalizer.unregister(existing);
      void this.releaseSessions(existing);
    }
    const created: LayerSessions = { arrays };
    this.layers.set(weights, created);
    this.live.add(created);
    this.finalizer.register(weights, created, created);
    return created;
  }

  private async releaseSessions(sessions: LayerSessions): Promise<void> {
    if (!this.live.delete(sessions)) return;
    const all = [sessions.router, sessions.experts, sessions.retaining, sessions.routedBackward];
    for (const session of [...all, sessions.sharedBackward]) {
      if (session) await releaseSession(session);
    }
  }

  /**
   * A session with the backend's thread count; spinning is off because the engine keeps several sessions
   * (router, experts, dense products) on the same cores.
   */
  private session(graph: OnnxGraph): Promise<Ort.InferenceSession> {
    return this.ort.InferenceSession.create(encodeOnnxModel(graph), ortSessionOptions(this.threads, true));
  }

  private tensor(data: Float32Array, dims: number[]): Ort.Tensor {
    return new this.ort.Tensor('float32', data, dims);
  }
}

/** Releases a session; one that failed to build has nothing to release (its call already rejected). */
async function releaseSession(session: Promise<Ort.InferenceSession>): Promise<void> {
  await session.then(
    (created) => created.release(),
    () => undefined,
  );
}

/** The layer's banks as graph inputs: the routed experts (gathered rows), then the shared experts. */
function expertBanks(layer: MoeLayerV1): ExpertBankWeights[] {
  const { weights, spec } = layer;
  const activation = weights.expert.kind === 'swiglu' ? 'swiglu' : weights.expert.activation;
  const banks: ExpertBankWeights[] = [
    {
      name: 'routed',
      count: spec.numExperts,
      d: weights.d,
      f: weights.f,
      activation,
      wGate: weights.wGate,
      wUp: weights.wUp,
      wDown: weights.wDown,
      gathered: true,
    },
  ];
  if (weights.shared) {
    banks.push({
      name: 'shared',
      count: weights.shared.count,
      d: weights.d,
      f: weights.shared.f,
      activation,
      wGate: weights.shared.wGate,
      wUp: weights.shared.wUp,
      wDown: weights.shared.wDown,
      gathered: false,
    });
  }
  return banks;
}
