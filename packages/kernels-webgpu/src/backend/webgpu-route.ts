import type { RouteInputV1, RouterSpecV1, RoutingResultV1 } from '@anyk/core';
import { validateRouteInput, validateRouterSpec } from '@anyk/core/internal';
import { encodeRouting } from '../layer/encode-routing.ts';
import { emptyRouting, routingFromReadback, routingReadback } from './routing-readback.ts';
import { checkSupported, type WebGpuCallContext } from './webgpu-call-context.ts';

/**
 * `KernelBackendV1.route` on the device: the router GEMM (when x is given, its matrix uploaded per call) or
 * the given logits, then the routing kernels; one read-back of the result.
 */
export async function routeOnDevice(
  context: WebGpuCallContext,
  spec: RouterSpecV1,
  input: RouteInputV1,
): Promise<RoutingResultV1> {
  const { kMax, totalExperts: total } = validateRouterSpec(spec);
  checkSupported(spec, total);
  validateRouteInput(spec, input, total);
  const tokens = input.tokens;
  if (tokens === 0) return emptyRouting(kMax, spec.sharedExperts !== undefined);
  return context.run('route', tokens, async (recorder) => {
    const source =
      input.logits !== undefined
        ? ({ kind: 'logits', logits: input.logits } as const)
        : ({
            kind: 'router',
            x: recorder.upload(input.x as ArrayLike<number>, 'f32'),
            router: recorder.upload(input.router as ArrayLike<number>, 'f32'),
            d: input.d as number,
          } as const);
    const routing = encodeRouting(recorder, {
      spec,
      kMax,
      tokens,
      source,
      prevLogits: input.prevLogits,
      gateMap: input.gateMap,
      params: input.params,
      k: input.k,
    });
    const shared = spec.sharedExperts?.count ?? 0;
    const sharedRequests =
      routing.sharedWeight && shared > 0
        ? [{ buffer: routing.sharedWeight, elements: tokens * shared, kind: 'f32' } as const]
        : [];
    const results = await recorder.readback([
      ...routingReadback(routing, tokens, total, kMax),
      ...sharedRequests,
    ]);
    const result = routingFromReadback(results, tokens, kMax, spec);
    // Uni-MoE-2.0's shared columns: their weights `[T, S]` are part of the routing (core's contract).
    return sharedRequests.length > 0 ? { ...result, sharedWeight: results[5] as Float32Array } : result;
  });
}
