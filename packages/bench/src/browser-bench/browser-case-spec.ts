/**
 * The protocol between the Node side of `--suite browser-cpu` and its page: what to measure, the names of
 * the data the page fetches, and what the page answers. Shared by both sides, so it imports nothing that
 * needs Node or a DOM.
 */

/** Who computes in the page. */
export type BrowserImplementation = 'anyk-browser-cpu' | 'onnxruntime-web' | 'tfjs-wasm';

/** A dense `[m, k] x [k, n]` product, B a constant (weights). */
export interface BrowserGemmSpec {
  readonly kind: 'gemm';
  readonly implementation: BrowserImplementation;
  readonly threads: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
}

/** One top-k SwiGLU MoE layer forward of `tokens` tokens. */
export interface BrowserMoeSpec {
  readonly kind: 'moe';
  readonly implementation: BrowserImplementation;
  readonly threads: number;
  readonly tokens: number;
  readonly d: number;
  readonly f: number;
  readonly experts: number;
  readonly k: number;
}

export type BrowserCaseSpec = BrowserGemmSpec | BrowserMoeSpec;

/** What Node asks the page to prepare: one case. */
export interface BrowserCaseRequest {
  readonly spec: BrowserCaseSpec;
  /** Send the first call's output back (small `--quick` shapes only: Node checks it against a reference). */
  readonly returnOutput: boolean;
}

/** What the page answers once the case is prepared. */
export interface BrowserCaseInfo {
  /** Threads the implementation actually runs on (it may differ from the request: then the row errs). */
  readonly threads: number;
  /** Why fewer threads run than asked for, as the implementation says it. */
  readonly threadFallback?: string | undefined;
  /** `globalThis.crossOriginIsolated` in the page (shared memory, hence threads, need it). */
  readonly crossOriginIsolated: boolean;
  /** MoE rows: experts per token of the first call (2 for top-2). */
  readonly meanExperts?: number | undefined;
  /** The first call's output, when the request asked for it. */
  readonly output?: readonly number[] | undefined;
}

/**
 * The functions the page puts on `globalThis`, which Node calls through `page.evaluate`: one page holds one
 * prepared case, and Node calls it once per round, in turns with the other cases' pages.
 */
export interface BrowserBenchPageApi {
  prepare(request: BrowserCaseRequest): Promise<BrowserCaseInfo>;
  /** One call of the prepared case, timed in the page (`performance.now()`): its milliseconds. */
  runOnce(): Promise<number>;
  dispose(): Promise<void>;
}

/** The global name of the page's `BrowserBenchPageApi`. */
export const browserBenchGlobal = 'anykBrowserBench';

/** URL prefix of the data Node serves to the page (raw little-endian float32 or ONNX model bytes). */
export const benchDataPrefix = '/bench-data/';
/** URL prefix of the peers' files served from node_modules, never from a CDN. */
export const vendorPrefix = '/vendor/';

/**
 * The names of the tensors and models a problem needs; both sides build them here so a name is spelt once.
 * Float32 tensors are raw bytes; `*.onnx` are ONNX models built by Node with kernels-node's encoder.
 */
export const benchDataNames = {
  gemmA: 'gemm/a',
  gemmB: 'gemm/b',
  gemmModel: 'gemm/model.onnx',
  /** anyk's layout (`MoeLayerWeightsV1`): router `[E, d]`, wGate/wUp `[E, f, d]`, wDown `[E, d, f]`. */
  router: 'moe/router',
  wGate: 'moe/w-gate',
  wUp: 'moe/w-up',
  wDown: 'moe/w-down',
  /** The router `[d, E]` and each expert's matrices in a MatMul's `[in, out]` layout (tfjs). */
  routerInOut: 'moe/router-in-out',
  expertInOut: (expert: number, matrix: 'w-gate' | 'w-up' | 'w-down') => `moe/expert-${expert}/${matrix}`,
  routerModel: 'moe/router.onnx',
  expertModel: (expert: number) => `moe/expert-${expert}.onnx`,
  /** The input `x [tokens, d]` of the `tokens`-token problem. */
  input: (tokens: number) => `moe/x-${tokens}`,
} as const;
