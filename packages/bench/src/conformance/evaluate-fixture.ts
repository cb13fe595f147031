import type {
  KernelBackendV1,
  LayerInputV1,
  MoeLayerV1,
  RouteInputV1,
  RouterParamsV1,
  RouterSpecV1,
  RoutingResultV1,
} from '@anyk/core';
import { UnsupportedError } from '@anyk/core';
import type { ConformanceActuals, Fixture, FixtureTensor } from '@anyk/core/testing';
import { selectionLists } from '@anyk/routers/diagnostics';
import { evaluateLossesAndState } from './evaluate-losses.ts';
import { type AnyRouter, routerFromFixture } from './router-from-fixture.ts';

type Inputs = Readonly<Record<string, FixtureTensor>>;

const float = (tensor: FixtureTensor | undefined): Float64Array | undefined =>
  tensor ? Float64Array.from(tensor.data) : undefined;

function tokensOf(fixture: Fixture): number {
  const inputs = fixture.inputs;
  const source = inputs.logits ?? inputs.x ?? inputs.alloc_logits;
  return source ? source.shape[0]! : 0;
}

/** Router parameters named the fixtures' way (`bias`, `gamma`, `theta`, `mask`). */
function routerParams(inputs: Inputs): RouterParamsV1 {
  return {
    selectionBias: float(inputs.bias),
    gain: float(inputs.gamma),
    thresholds: float(inputs.theta),
    mask: float(inputs.mask),
  };
}

/** Ada-K: per-token k from the allocator (argmax in inference, the sampled k in training). */
function adaKChoice(router: AnyRouter, inputs: Inputs, tokens: number, allocLogits: ArrayLike<number>) {
  if (router.family !== 'ada-k') return undefined;
  return router.chooseK(allocLogits, tokens, inputs.sampled_k ? { sampledK: inputs.sampled_k.data } : {});
}

/**
 * Evaluates one fixture on a backend: routing, weight gradients, layer forward and backward on the
 * backend; losses and state updates through `@anyk/losses` and the router families.
 */
export async function evaluateFixture(
  fixture: Fixture,
  backend: KernelBackendV1,
): Promise<ConformanceActuals> {
  const router = routerFromFixture(fixture.router);
  const inputs = fixture.inputs;
  const tokens = tokensOf(fixture);
  const actuals: ConformanceActuals = { grads: {}, state: {}, skipped: {} };
  const wantsBackward = fixture.expect.grads !== undefined;
  if (wantsBackward && !backend.capabilities.backward) {
    actuals.skipped = { grads: `backend "${backend.name}" has no backward pass` };
  }
  let routing: RoutingResultV1 | undefined;
  let routeContext: { spec: RouterSpecV1; input: RouteInputV1 } | undefined;

  if (router && fixture.layer) {
    const layer = fixture.layer;
    const x = float(inputs.x) as Float64Array;
    let k: Int32Array | undefined;
    if (router.family === 'ada-k') {
      const allocator = float(inputs.W_alloc) as Float64Array;
      const kMax = router.config.kMax;
      const allocLogits = new Float64Array(tokens * kMax);
      for (let t = 0; t < tokens; t++) {
        for (let j = 0; j < kMax; j++) {
          let sum = 0;
          for (let i = 0; i < layer.d; i++) sum += x[t * layer.d + i]! * allocator[j * layer.d + i]!;
          allocLogits[t * kMax + j] = sum;
        }
      }
      k = adaKChoice(router, inputs, tokens, allocLogits)?.k;
    }
    const moeLayer: MoeLayerV1 = {
      spec: router.spec({ tokens }),
      weights: {
        d: layer.d,
        f: layer.f,
        expert: layer.expert === 'mlp' ? { kind: 'mlp', activation: 'silu' } : { kind: 'swiglu' },
        router: (float(inputs.W_router) ?? float(inputs.W_g)) as Float64Array,
        wGate: float(inputs.W_gate),
        wUp: float(inputs.W_up) as Float64Array,
        wDown: float(inputs.W_down) as Float64Array,
        constants:
          inputs.W_c && inputs.v
            ? { wc: float(inputs.W_c) as Float64Array, v: float(inputs.v) as Float64Array }
            : undefined,
        shared: layer.shared
          ? {
              count: layer.shared.count,
              f: layer.shared.f,
              gate: layer.shared.gate,
              wGate: float(inputs.Ws_gate),
              wUp: float(inputs.Ws_up) as Float64Array,
              wDown: float(inputs.Ws_down) as Float64Array,
              gateWeight: float(inputs.w_shared_gate),
            }
          : undefined,
      },
      params: routerParams(inputs),
      gateMap: float(inputs.gate_map),
      expertInputScale: router.family === 'moe-plus-plus' ? router.expertInputScale : undefined,
    };
    const layerInput: LayerInputV1 = { tokens, x, prevLogits: float(inputs.prev_logits), k };
    // The checked forward is the plain one: a forward kept for the backward may take another path (the
    // WebGPU backend routes it on the host), so the gradients come from a kept forward of their own.
    const forward = await backend.forward(moeLayer, layerInput);
    routing = forward.routing;
    actuals.output = forward.y;
    if (wantsBackward && backend.capabilities.backward) {
      const kept = await backend.forward(moeLayer, layerInput, { retainForBackward: true });
      const grads = await backend.backward(moeLayer, layerInput, kept, float(inputs.g) as Float64Array);
      const named: Record<string, ArrayLike<number> | undefined> = {
        x: grads.x,
        W_router: grads.router,
        W_g: grads.router,
        theta: grads.thresholds,
        gamma: grads.gain,
        gate_map: grads.gateMap,
        prev_logits: grads.prevLogits,
        W_gate: grads.wGate,
        W_up: grads.wUp,
        W_down: grads.wDown,
        W_c: grads.constants?.wc,
        v: grads.constants?.v,
        Ws_gate: grads.shared?.wGate,
        Ws_up: grads.shared?.wUp,
        Ws_down: grads.shared?.wDown,
        w_shared_gate: grads.shared?.gateWeight,
        // Ada-K's k is an argmax of x W_alloc^T: no gradient reaches the allocator through the layer.
        W_alloc: inputs.W_alloc ? new Float64Array(inputs.W_alloc.data.length) : undefined,
      };
      for (const name of Object.keys(fixture.expect.grads ?? {})) {
        const value = named[name];
        if (value) (actuals.grads as Record<string, ArrayLike<number>>)[name] = value;
      }
    }
  } else if (router) {
    const choice = inputs.alloc_logits
      ? adaKChoice(router, inputs, tokens, inputs.alloc_logits.data)
      : undefined;
    const routeInput: RouteInputV1 = inputs.logits
      ? {
          tokens,
          logits: float(inputs.logits),
          prevLogits: float(inputs.prev_logits),
          gateMap: float(inputs.gate_map),
          k: choice?.k,
          params: routerParams(inputs),
        }
      : {
          tokens,
          x: float(inputs.x),
          router: float(inputs.W_g),
          d: inputs.x?.shape[1] as number,
          params: routerParams(inputs),
        };
    if (inputs.logits || inputs.x) {
      const spec = router.spec({ tokens });
      routeContext = { spec, input: routeInput };
      routing = await backend.route(spec, routeInput);
      if (wantsBackward && inputs.weight_cotangent && backend.capabilities.backward) {
        const grads = await backend.routeBackward(
          spec,
          routeInput,
          float(inputs.weight_cotangent) as Float64Array,
        );
        const named: Record<string, ArrayLike<number> | undefined> = {
          logits: grads.logits,
          x: grads.x,
          W_g: grads.router,
          theta: grads.thresholds,
          gamma: grads.gain,
          prev_logits: grads.prevLogits,
          gate_map: grads.gateMap,
        };
        for (const name of Object.keys(fixture.expect.grads ?? {})) {
          const value = named[name];
          if (value) (actuals.grads as Record<string, ArrayLike<number>>)[name] = value;
        }
      }
    }
    if (choice) {
      if (fixture.expect.state?.k) (actuals.state as Record<string, ArrayLike<number>>).k = choice.k;
      if (fixture.expect.state?.log_prob)
        (actuals.state as Record<string, ArrayLike<number>>).log_prob = choice.logProb;
    }
  }

  if (routing) {
    const lists = selectionLists(routing);
    actuals.selection = lists.selection;
    actuals.weights = lists.weights;
    if (fixture.expect.shared_weights && routing.sharedWeight) actuals.sharedWeights = routing.sharedWeight;
    if (fixture.expect.state?.gate_residual && router?.family === 'moe-plus-plus') {
      (actuals.state as Record<string, ArrayLike<number>>).gate_residual = router.gateResidual(routing);
    }
  }
  if (router?.family === 'dynmoe' && fixture.expect.state?.mask_next && routing) {
    const update = router.adaptiveUpdate({
      tokens,
      d: inputs.x?.shape[1] as number,
      x: inputs.x?.data as readonly number[],
      wG: inputs.W_g?.data as readonly number[],
      theta: inputs.theta?.data as readonly number[],
      mask: inputs.mask?.data as readonly number[],
      routing,
    });
    Object.assign(actuals.state as object, {
      routing_records: update.routingRecords,
      uncovered_sum: update.uncoveredSum,
      mask_next: update.maskNext,
      W_g_next: update.wGNext,
      theta_next: update.thetaNext,
    });
  }
  if (router === undefined && fixture.family !== 'z-loss') {
    throw new UnsupportedError(`fixture family ${fixture.family}`, 'no router family');
  }
  await evaluateLossesAndState(fixture, router, routeContext, actuals);
  return actuals;
}
