import type {
  BackwardOptionsV1,
  ExpertTensorV1,
  FloatArray,
  ForwardOptionsV1,
  LayerForwardResultV1,
  LayerInputV1,
  MemoryReportV1,
  MoeLayerV1,
  MoeLayerWeightsV1,
  RouteInputV1,
  RouterSpecV1,
} from '@anyk/core';
import type { MultiplyAddMode } from '../wasm/gemm-kernels.ts';
import type { WorkerError } from './worker-error.ts';

/**
 * The messages between the page (`createBrowserCpuBackend`) and its host worker. Weights travel once per
 * weights object (`weights`, then calls name them by `weightsId`); everything else is sent per call.
 */
export type PageMessage =
  | {
      readonly type: 'init';
      readonly threads: number;
      readonly maxMemoryBytes: number;
      readonly multiplyAdd: 'auto' | MultiplyAddMode;
      /** True when the host may start `threads` kernel workers over a shared memory (isolated page). */
      readonly shareMemory: boolean;
    }
  | {
      readonly type: 'weights';
      readonly weightsId: number;
      readonly weights: MoeLayerWeightsV1<ExpertTensorV1>;
    }
  | { readonly type: 'release-weights'; readonly weightsId: number }
  /** Fault tests: end kernel worker `index` as a crash would (the pool replaces it). */
  | { readonly type: 'crash-kernel-worker'; readonly index: number }
  | ({ readonly type: 'call'; readonly callId: number } & HostCall);

/** A layer without its weights: the host holds them under `weightsId`. */
export type LayerShell = Omit<MoeLayerV1<ExpertTensorV1>, 'weights'>;

/** One backend method call, as the host worker runs it. */
export type HostCall =
  | { readonly method: 'route'; readonly spec: RouterSpecV1; readonly input: RouteInputV1 }
  | {
      readonly method: 'routeBackward';
      readonly spec: RouterSpecV1;
      readonly input: RouteInputV1;
      readonly weightCotangent: FloatArray;
    }
  | {
      readonly method: 'forward';
      readonly layer: LayerShell;
      readonly weightsId: number;
      readonly input: LayerInputV1;
      readonly options: ForwardOptionsV1 | undefined;
    }
  | {
      readonly method: 'backward';
      readonly layer: LayerShell;
      readonly weightsId: number;
      readonly input: LayerInputV1;
      readonly forwardResult: LayerForwardResultV1;
      readonly gradOutput: FloatArray;
      readonly options: BackwardOptionsV1 | undefined;
    }
  | { readonly method: 'dispose' };

/** Messages from the host worker to the page. */
export type HostMessage =
  | {
      readonly type: 'ready';
      readonly multiplyAdd: MultiplyAddMode;
      readonly threads: number;
      readonly memory: MemoryReportV1;
    }
  | { readonly type: 'init-failed'; readonly error: WorkerError }
  | {
      readonly type: 'result';
      readonly callId: number;
      readonly value: unknown;
      readonly memory: MemoryReportV1;
    }
  | {
      readonly type: 'error';
      readonly callId: number;
      readonly error: WorkerError;
      readonly memory: MemoryReportV1;
    };
