import type {
  BackwardOptionsV1,
  ForwardOptionsV1,
  KernelBackendV1,
  LayerForwardResultV1,
  MemoryReportV1,
} from '../contracts/kernel-backend-v1.ts';
import type {
  ExpertTensorV1,
  FloatArray,
  LayerGradsV1,
  LayerInputV1,
  MoeLayerV1,
  RouteInputV1,
  RouterGradsV1,
} from '../contracts/layer-v1.ts';
import type { RouterSpecV1 } from '../contracts/router-spec-v1.ts';
import type { RoutingResultV1 } from '../contracts/routing-v1.ts';
import { BackendLostError, InvalidArgumentError } from '../errors/anyk-error.ts';
import { widenLayer } from '../util/half-tensor.ts';
import { requireInteger, requireObject } from '../util/validate.ts';
import {
  assertFiniteResult,
  type LayerTrace,
  layerBackwardReference,
  layerForwardReference,
  validateBackwardInput,
} from './layer-reference.ts';
import { routeBackwardReference } from './route-backward-reference.ts';
import { routeReference } from './route-reference.ts';

export interface ReferenceBackendOptions {
  /**
   * Cap on the intermediates of one call (default 2 GiB, as the node backend's shared memory): a call that
   * needs more rejects with `UnsupportedError` before allocating (T = 65536, f = 16384 asked for 8 GiB).
   */
  readonly maxMemoryBytes?: number | undefined;
}

const defaultMaxMemoryBytes = 2 * 1024 * 1024 * 1024;

/**
 * The float64 reference backend: plain loops, obviously right, the oracle of every other backend.
 * It is slow on purpose (no blocking, no threads); use `@anyk/kernels-node` for speed. A forward or
 * backward whose result overflows float64 (finite inputs near 1e154 and beyond) rejects with an
 * `InvalidArgumentError` naming `input.x`, never a silent Infinity or NaN.
 *
 *
 * @example
 * ```ts
 * import { createReferenceBackend } from '@anyk/core';
 * import { topP } from '@anyk/routers/top-p';
 *
 * const backend = await createReferenceBackend();
 * const routing = await backend.route(topP({ numExperts: 4, p: 0.4 }).spec(), {
 *   tokens: 1,
 *   logits: [2, 1, 0, -1],
 * });
 * routing.kCount; // Int32Array [1]: the top expert alone holds 0.64 > 0.4
 * await backend.dispose();
 * ```
 * @throws {InvalidArgumentError} (rejects) when `options` or `maxMemoryBytes` is invalid
 */
export async function createReferenceBackend(
  options: ReferenceBackendOptions = {},
): Promise<KernelBackendV1> {
  requireObject('options', options, 'createReferenceBackend');
  const maxMemoryBytes = options.maxMemoryBytes ?? defaultMaxMemoryBytes;
  requireInteger('maxMemoryBytes', maxMemoryBytes, { min: 1 }, 'createReferenceBackend');
  let disposed = false;
  const alive = (): void => {
    if (disposed) throw new BackendLostError('reference', 'it was disposed');
  };
  return {
    specificationVersion: 'v1',
    name: 'reference',
    capabilities: { precision: 'float64', backward: true },
    async route(spec: RouterSpecV1, input: RouteInputV1): Promise<RoutingResultV1> {
      alive();
      return routeReference(spec, input).result;
    },
    async routeBackward(
      spec: RouterSpecV1,
      input: RouteInputV1,
      weightCotangent: FloatArray,
    ): Promise<RouterGradsV1> {
      alive();
      return routeBackwardReference(routeReference(spec, input), input, { weights: weightCotangent });
    },
    async forward(
      givenLayer: MoeLayerV1<ExpertTensorV1>,
      input: LayerInputV1,
      forwardOptions?: ForwardOptionsV1,
    ): Promise<LayerForwardResultV1> {
      const layer = widenLayer(givenLayer);
      alive();
      const trace = layerForwardReference(layer, input, { maxMemoryBytes });
      assertFiniteResult(trace.y, 'y', 'input.x');
      return {
        y: trace.y,
        routing: trace.routing.result,
        plan: trace.plan,
        saved: forwardOptions?.retainForBackward ? trace : undefined,
      };
    },
    async backward(
      givenLayer: MoeLayerV1<ExpertTensorV1>,
      input: LayerInputV1,
      forward: LayerForwardResultV1,
      gradOutput: FloatArray,
      backwardOptions?: BackwardOptionsV1,
    ): Promise<LayerGradsV1> {
      const layer = widenLayer(givenLayer);
      alive();
      const trace = forward?.saved as LayerTrace | undefined;
      if (!trace || !('rows' in trace)) {
        throw new InvalidArgumentError(
          'forward',
          'a reference forward result made with retainForBackward',
          'none',
        );
      }
      validateBackwardInput(input, forward);
      const grads = layerBackwardReference(layer, input, trace, gradOutput, backwardOptions ?? {});
      assertFiniteResult(grads.x, 'grads.x', 'gradOutput');
      return grads;
    },
    memory(): MemoryReportV1 {
      return { bytesInUse: 0, bytesPooled: 0 };
    },
    async dispose(): Promise<void> {
      disposed = true;
    },
  };
}
