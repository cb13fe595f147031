import type {
  ExpertTensorV1,
  FloatArray,
  LayerGradsV1,
  LayerInputV1,
  MoeLayerV1,
  RouteInputV1,
  RouterGradsV1,
} from './layer-v1.ts';
import type { RouterSpecV1 } from './router-spec-v1.ts';
import type { ExpertPlanV1, RoutingResultV1 } from './routing-v1.ts';

/** What a backend can do; the conformance suite skips (and lists) what a backend declares it cannot. */
export interface BackendCapabilitiesV1 {
  /** Arithmetic of the hot path. float32 backends are compared within the fixtures' tolerances. */
  readonly precision: 'float64' | 'float32';
  /** Whether `backward` / `routeBackward` are implemented. */
  readonly backward: boolean;
}

/** Bytes a backend holds, for apps that watch memory (tfjs `memory()` style). */
export interface MemoryReportV1 {
  /** Bytes currently allocated by the backend (host or device). */
  readonly bytesInUse: number;
  /** Bytes kept in pools for reuse. */
  readonly bytesPooled: number;
  /** Free-form counters (buffers, workers, pipelines). */
  readonly details?: Readonly<Record<string, number>> | undefined;
}

/** The result of a layer forward. `saved` is backend-private state for `backward`. */
export interface LayerForwardResultV1 {
  /** `[tokens, d]` MoE output (the block's residual `x + y` is not added). */
  readonly y: FloatArray;
  readonly routing: RoutingResultV1;
  readonly plan: ExpertPlanV1;
  /** Opaque; present when `retainForBackward` was set. */
  readonly saved?: unknown;
}

export interface ForwardOptionsV1 {
  /** Keep what `backward` needs (activations, plan). Default false. */
  readonly retainForBackward?: boolean | undefined;
}

/**
 * Extra cotangents added during `backward`, e.g. the gradients of auxiliary losses (`@anyk/losses`), so one
 * backward pass carries the language-model gradient and the router pressure together.
 */
export interface BackwardOptionsV1 {
  /** `[tokens, numExperts + Z]` extra gradient w.r.t. the logits after the gating residual (pre-normalisation). */
  readonly logitsGrad?: FloatArray | undefined;
  /** `[tokens, numExperts + Z]` extra gradient w.r.t. the scores (softmax probabilities, ...). */
  readonly scoresGrad?: FloatArray | undefined;
}

/**
 * The contract every kernel backend implements (reference, node, gpujs, webgpu). Created by async
 * factories (`createReferenceBackend()`, …); nothing registers itself on import. Every method validates
 * its inputs and rejects with a typed `AnykError`; after `dispose()` every method rejects with
 * `BackendLostError`.
 */
export interface KernelBackendV1 {
  readonly specificationVersion: 'v1';
  /** `reference`, `node`, `gpujs`, `webgpu`, or a third party's name. */
  readonly name: string;
  readonly capabilities: BackendCapabilitiesV1;

  /** Routing only: slots, weights, scores. */
  route(spec: RouterSpecV1, input: RouteInputV1): Promise<RoutingResultV1>;

  /**
   * Gradient of `S = sum_{t,e} W[t,e] C[t,e]`, W the dense `[tokens, numExperts + Z]` combine weights,
   * w.r.t. the route inputs (logits, or x and router), thresholds, gain, gate map and previous logits.
   */
  routeBackward(spec: RouterSpecV1, input: RouteInputV1, weightCotangent: FloatArray): Promise<RouterGradsV1>;

  /**
   * One MoE layer: route, plan, grouped FFN, gather combine with zero-computation experts. Expert weights
   * may be 16-bit (`HalfTensorV1`); a backend that cannot hold them widens them or rejects with
   * `UnsupportedError`.
   */
  forward(
    layer: MoeLayerV1<ExpertTensorV1>,
    input: LayerInputV1,
    options?: ForwardOptionsV1,
  ): Promise<LayerForwardResultV1>;

  /** Gradients of `sum(y * gradOutput)` for a forward made with `retainForBackward`. */
  backward(
    layer: MoeLayerV1<ExpertTensorV1>,
    input: LayerInputV1,
    forward: LayerForwardResultV1,
    gradOutput: FloatArray,
    options?: BackwardOptionsV1,
  ): Promise<LayerGradsV1>;

  memory(): MemoryReportV1;

  /** Releases workers, device buffers and pools. Idempotent. */
  dispose(): Promise<void>;
}
