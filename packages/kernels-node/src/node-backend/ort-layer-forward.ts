import type { LayerInputV1, MoeLayerV1 } from '@anyk/core';
import { requireInteger, requireTensor } from '@anyk/core/internal';
import type { ExpertBankRun, OrtEngine } from '../ort-engine/ort-engine.ts';
import type { KernelRuntime } from '../runtime/kernel-runtime.ts';
import { type BankOutputs, combineLayerOutputs } from './combine-layer-outputs.ts';
import { type ForwardOutcome, planRows, routeLayer } from './layer-forward.ts';
import { bankPadding } from './prepared-layer.ts';

/**
 * One MoE layer forward with the onnxruntime engine driving the products: the router product (float64
 * logits) and all expert FFNs are one session run each; routing, the plan and the combine are the same code
 * as the WebAssembly engine's, so both engines make the same decisions and the same float64 combine.
 */
export async function ortLayerForward(
  engine: OrtEngine,
  runtime: KernelRuntime,
  layer: MoeLayerV1,
  input: LayerInputV1,
  retain: boolean,
): Promise<ForwardOutcome> {
  const { spec, weights } = layer;
  const { d } = weights;
  requireInteger('tokens', input.tokens, { min: 0 });
  const tokens = input.tokens;
  requireTensor('x', input.x, [tokens, d]);
  const x = input.x instanceof Float32Array ? input.x : Float32Array.from(input.x);
  const { trace, routeInput } = await routeLayer(
    runtime,
    layer,
    undefined,
    { ...input, gateMap: layer.gateMap, params: layer.params },
    weights.router,
    d,
    () => engine.routerLogits(layer, x, tokens),
  );
  const { plan, rowWeight } = planRows(trace, spec.numExperts);
  const scale = layer.expertInputScale ?? 1;
  const expertInput = scale === 1 ? x : x.map((value) => value * scale);
  const hasRows = plan.rowToken.length > 0 || (weights.shared !== undefined && tokens > 0);
  const runs = hasRows
    ? await engine.runExperts(
        layer,
        expertInput,
        tokens,
        { offset: plan.expertOffset, rowToken: plan.rowToken },
        retain,
      )
    : { routed: undefined, shared: undefined };
  const glu = weights.expert.kind === 'swiglu';
  return combineLayerOutputs({
    layer,
    input,
    trace,
    routeInput,
    plan,
    rowWeight,
    routed: runs.routed && bankOutputs(runs.routed, weights.f, glu, retain),
    shared: runs.shared && bankOutputs(runs.shared, weights.shared?.f ?? 0, glu, retain),
    retain,
  });
}

/**
 * A bank's session outputs in the layout the backward pass reads (`PreparedExperts`): `gu [rows, inRows]`
 * with the gate columns at `[0, f)` and the up columns at `[fPad, fPad + f)` (up only for an MLP), and
 * `h [rows, fPad]`; pad columns are zero. Copied only when kept for backward.
 */
function bankOutputs(run: ExpertBankRun, f: number, glu: boolean, retain: boolean): BankOutputs {
  const empty = new Float32Array(0);
  if (!retain) return { y: run.y, yBase: 0, gu: empty, h: empty };
  const { fPad, inRows } = bankPadding(0, f, glu);
  const up = run.up as Float32Array;
  const rows = up.length / f;
  const gu = new Float32Array(rows * inRows);
  const h = new Float32Array(rows * fPad);
  const hidden = run.h as Float32Array;
  for (let row = 0; row < rows; row++) {
    if (glu) gu.set((run.gate as Float32Array).subarray(row * f, (row + 1) * f), row * inRows);
    gu.set(up.subarray(row * f, (row + 1) * f), row * inRows + (glu ? fPad : 0));
    h.set(hidden.subarray(row * f, (row + 1) * f), row * fPad);
  }
  return { y: run.y, yBase: 0, gu, h };
}
