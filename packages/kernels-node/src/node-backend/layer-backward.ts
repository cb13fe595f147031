import type {
  BackwardOptionsV1,
  LayerGradsV1,
  LayerInputV1,
  MoeLayerV1,
  SharedExpertsGradsV1,
} from '@anyk/core';
import {
  requireTensor,
  routeBackwardReference,
  sharedGateBackward,
  totalExperts,
  zeroExpertsBackward,
} from '@anyk/core/internal';
import type { GemmGroup } from '../pool/worker-tasks.ts';
import { type KernelRuntime, view } from '../runtime/kernel-runtime.ts';
import { type BankRows, forEachSegment, type NodeForwardSaved, sharedBankRows } from './layer-forward.ts';
import { type PreparedLayer, prepareBackward } from './prepared-layer.ts';

/**
 * Backward of one MoE layer on the same plan: per bank of experts (the routed plan segments, then the
 * shared experts' all-token segments with their own width), expert GEMMs on the worker pool (dHraw = gy Wd,
 * the activation backward with the row weight, weight gradients as GEMMs over each segment's rows, dX rows
 * = dGU W_in); the per-token terms of zero-computation experts; the shared gates' paths (core's
 * `sharedGateBackward`); then core's reference router backward for the O(T E) part and two GEMMs for the
 * router matrix.
 */
export async function layerBackward(
  runtime: KernelRuntime,
  layer: MoeLayerV1,
  prepared: PreparedLayer,
  input: LayerInputV1,
  saved: NodeForwardSaved,
  gradOutput: ArrayLike<number>,
  options: BackwardOptionsV1,
  expertBackward?: ExpertBankBackward,
): Promise<LayerGradsV1> {
  const { spec, weights } = layer;
  const { d } = prepared;
  const tokens = input.tokens;
  requireTensor('gradOutput', gradOutput, [tokens, d]);
  const experts = spec.numExperts;
  const total = totalExperts(spec);
  const scale = layer.expertInputScale ?? 1;
  const { plan, trace, rowWeight } = saved;
  const { kMax, slotExpert, kCount } = trace.result;
  const x = input.x;

  const blocks: number[] = [];
  const allocate = (bytes: number): number => {
    const address = runtime.arena.allocate(bytes);
    blocks.push(address);
    return address;
  };
  const upload = (...args: Parameters<KernelRuntime['upload']>): number => {
    const address = runtime.upload(...args);
    blocks.push(address);
    return address;
  };
  const memory: BackwardMemory = { runtime, allocate, upload, track: (address) => blocks.push(address) };

  const weightsGrad = new Float64Array(tokens * total);
  const expertInputGrad = new Float64Array(tokens * d);
  const xGradExtra = new Float64Array(tokens * d);
  try {
    const gyAddress = upload(gradOutput, 'f32');
    const needsInput = plan.expertOffset[experts]! > 0 || (prepared.shared !== undefined && tokens > 0);
    const expertInput = needsInput ? upload(x, 'f32', { rows: tokens, columns: d, stride: d, scale }) : -1;
    const activation = weights.expert.kind === 'swiglu' ? 'swiglu' : weights.expert.activation;
    const routedBank = { experts: prepared, offset: plan.expertOffset, rowToken: plan.rowToken };
    const routed = expertBackward
      ? await expertBackward('routed', routedBank, saved, rowWeight)
      : await bankBackward(memory, routedBank, saved, rowWeight, gyAddress, expertInput, activation);
    for (let t = 0; t < tokens; t++) {
      for (let j = 0; j < kCount[t]!; j++) {
        const slot = t * kMax + j;
        const row = plan.slotRow[slot]!;
        if (row < 0) continue;
        weightsGrad[t * total + slotExpert[slot]!] = routed.rowWeightGrad[row]!;
      }
    }
    addRowsIntoTokens(routed.dXRows, routedBank.rowToken, expertInputGrad, d);

    let sharedGrads: SharedExpertsGradsV1 | undefined;
    if (weights.shared && prepared.shared && saved.shared) {
      const { count } = weights.shared;
      const sharedBank = sharedBankRows(prepared.shared, tokens);
      const gates = saved.shared.gates;
      const sharedRowWeight = new Float32Array(count * tokens);
      for (let s = 0; s < count; s++)
        for (let t = 0; t < tokens; t++) sharedRowWeight[s * tokens + t] = gates[t * count + s]!;
      const bank = expertBackward
        ? await expertBackward('shared', sharedBank, saved.shared, sharedRowWeight)
        : await bankBackward(
            memory,
            sharedBank,
            saved.shared,
            sharedRowWeight,
            gyAddress,
            expertInput,
            activation,
          );
      addRowsIntoTokens(bank.dXRows, sharedBank.rowToken, expertInputGrad, d);
      const gateCotangent = new Float64Array(tokens * count);
      for (let s = 0; s < count; s++)
        for (let t = 0; t < tokens; t++) gateCotangent[t * count + s] = bank.rowWeightGrad[s * tokens + t]!;
      const gateWeight = sharedGateBackward(weights.shared, x, tokens, d, gates, gateCotangent, {
        xGrad: xGradExtra,
        weightsGrad,
        totalColumns: total,
      });
      sharedGrads = { wGate: bank.wGateGrad, wUp: bank.wUpGrad, wDown: bank.wDownGrad, gateWeight };
    }

    // Zero-computation experts (per token, O(T Z d)): core's shared code.
    const constantGrads = zeroExpertsBackward({
      layer,
      slots: trace.result,
      x,
      scale,
      gradOutput,
      into: { weights: weightsGrad, expertInput: expertInputGrad },
    });

    // Router: core's reference for the O(T E) part; the router matrix GEMMs here (linear logits).
    const routerGrads = routeBackwardReference(trace, saved.routeInput, {
      weights: weightsGrad,
      logits: options.logitsGrad,
      scores: options.scoresGrad,
    });
    let xGrad: Float64Array;
    let routerGrad: Float64Array;
    if (routerGrads.x && routerGrads.router) {
      xGrad = routerGrads.x;
      routerGrad = routerGrads.router;
    } else {
      ({ xGrad, routerGrad } = await routerMatrixBackward(
        runtime,
        prepared,
        routerGrads.logits,
        x,
        tokens,
        total,
        d,
        upload,
        allocate,
      ));
    }
    for (let index = 0; index < tokens * d; index++)
      xGrad[index]! += scale * expertInputGrad[index]! + xGradExtra[index]!;
    return {
      ...routerGrads,
      x: xGrad,
      router: routerGrad,
      wGate: routed.wGateGrad,
      wUp: routed.wUpGrad,
      wDown: routed.wDownGrad,
      constants: constantGrads,
      shared: sharedGrads,
    };
  } finally {
    for (const address of blocks) runtime.arena.release(address);
  }
}

/** `into[token_r] += rows[r]` for every row of a bank (`[rows, d]` float32 rows into `[T, d]` float64). */
function addRowsIntoTokens(rows: Float32Array, rowToken: Int32Array, into: Float64Array, d: number): void {
  for (let row = 0; row < rowToken.length; row++) {
    const base = rowToken[row]! * d;
    for (let i = 0; i < d; i++) into[base + i]! += rows[row * d + i]!;
  }
}

/** The arena helpers of one backward call (every block is released when the call ends). */
interface BackwardMemory {
  readonly runtime: KernelRuntime;
  readonly allocate: (bytes: number) => number;
  readonly upload: KernelRuntime['upload'];
  /** Releases `address` with the call's other blocks. */
  readonly track: (address: number) => void;
}

/**
 * Another engine's backward of one bank (the onnxruntime engine's); the WebAssembly kernels' `bankBackward`
 * when not given.
 */
export type ExpertBankBackward = (
  bank: 'routed' | 'shared',
  rows: BankRows,
  intermediates: { readonly gu: Float32Array; readonly h: Float32Array },
  rowWeight: Float32Array,
) => Promise<BankGradients>;

/** What one bank's backward produced. */
export interface BankGradients {
  /** `[rows]` `d sum(y g) / d rowWeight` per row (float64). */
  readonly rowWeightGrad: Float64Array;
  /** `[rows, d]` each row's expert-input gradient. */
  readonly dXRows: Float32Array;
  readonly wGateGrad: Float64Array | undefined;
  readonly wUpGrad: Float64Array;
  readonly wDownGrad: Float64Array;
}

/**
 * Backward of one bank of experts over its segments: dHraw = gy W_down, the activation backward with the
 * row weights, the weight gradients as GEMMs over each segment's rows, and dX rows = dGU W_in.
 */
async function bankBackward(
  memory: BackwardMemory,
  bank: BankRows,
  intermediates: { readonly gu: Float32Array; readonly h: Float32Array },
  rowWeight: Float32Array,
  gyAddress: number,
  expertInput: number,
  activation: 'swiglu' | 'silu' | 'gelu',
): Promise<BankGradients> {
  const { runtime, allocate, upload, track } = memory;
  const { experts } = bank;
  const { d, f, fPad, inRows, count: expertCount } = experts;
  const rows = bank.rowToken.length;
  const wGateGrad = experts.glu ? new Float64Array(expertCount * f * d) : undefined;
  const wUpGrad = new Float64Array(expertCount * f * d);
  const wDownGrad = new Float64Array(expertCount * d * f);
  const rowWeightGrad = new Float64Array(rows);
  if (rows === 0) return { rowWeightGrad, dXRows: new Float32Array(0), wGateGrad, wUpGrad, wDownGrad };
  await prepareBackward(runtime, experts);
  const rowTokenAddress = allocate(rows * 4);
  runtime.arena.i32().set(bank.rowToken, rowTokenAddress / 4);
  const rowWeightAddress = upload(rowWeight, 'f32');
  const guAddress = upload(intermediates.gu, 'f32');
  const hAddress = upload(intermediates.h, 'f32');
  const dHrawAddress = allocate(rows * fPad * 4);
  const dGuAddress = allocate(rows * inRows * 4);
  const rowWeightGradAddress = allocate(rows * 8);
  const dXRowsAddress = allocate(rows * d * 4);
  const wInGradAddress = allocate(expertCount * inRows * d * 4);
  const wDownGradAddress = allocate(expertCount * d * f * 4);

  // dHraw[r] = gy[t_r] W_down (no row weight yet).
  const dHrawGroups: GemmGroup[] = [];
  forEachSegment(bank, (expert, offset, count) => {
    const packed = experts.packedDownTransposed![expert]!;
    dHrawGroups.push({
      rows: count,
      depth: d,
      a: view(gyAddress, 'f32', d, 1, { indexI: rowTokenAddress + offset * 4 }),
      packedB: packed.address,
      panelStrideBytes: packed.panelStrideBytes,
      layout: packed.layout,
      c: dHrawAddress + offset * fPad * 4,
      cStride: fPad,
      accumulate: false,
      epilogue: { kind: 'none' },
    });
  });
  await runtime.gemm('f32', dHrawGroups);

  await runtime.activationBackward(
    {
      activation,
      columns: f,
      dHraw: dHrawAddress,
      dHrawStride: fPad,
      h: hAddress,
      hStride: fPad,
      gu: guAddress,
      guStride: inRows,
      halfStride: fPad,
      rowWeight: rowWeightAddress,
      dGU: dGuAddress,
      rowWeightGrad: rowWeightGradAddress,
    },
    rows,
  );

  // Weight gradients: dW_down[e] = sum_r (w_r gy_t) h_r^T, dW_in[e] = sum_r dGU_r x'_t^T.
  const hSources: Parameters<KernelRuntime['pack']>[1][number][] = [];
  const xSources: Parameters<KernelRuntime['pack']>[1][number][] = [];
  const segments: { expert: number; offset: number; count: number }[] = [];
  forEachSegment(bank, (expert, offset, count) => {
    segments.push({ expert, offset, count });
    hSources.push({
      source: view(hAddress + offset * fPad * 4, 'f32', 1, fPad),
      layout: { columns: f, interleaveHalf: 0 },
      depth: count,
      kScale: rowWeightAddress + offset * 4,
    });
    xSources.push({
      source: view(expertInput, 'f32', 1, d, { indexJ: rowTokenAddress + offset * 4 }),
      layout: { columns: d, interleaveHalf: 0 },
      depth: count,
    });
  });
  const packedH = await runtime.pack('f32', hSources);
  const packedX = await runtime.pack('f32', xSources);
  for (const packed of [...packedH, ...packedX]) track(packed.address);
  const weightGroups: GemmGroup[] = [];
  segments.forEach(({ expert, offset, count }, index) => {
    const h = packedH[index]!;
    const xPacked = packedX[index]!;
    weightGroups.push({
      rows: d,
      depth: count,
      a: view(gyAddress, 'f32', 1, d, { indexJ: rowTokenAddress + offset * 4 }),
      packedB: h.address,
      panelStrideBytes: h.panelStrideBytes,
      layout: h.layout,
      c: wDownGradAddress + expert * d * f * 4,
      cStride: f,
      accumulate: false,
      epilogue: { kind: 'none' },
    });
    weightGroups.push({
      rows: inRows,
      depth: count,
      a: view(dGuAddress + offset * inRows * 4, 'f32', 1, inRows),
      packedB: xPacked.address,
      panelStrideBytes: xPacked.panelStrideBytes,
      layout: xPacked.layout,
      c: wInGradAddress + expert * inRows * d * 4,
      cStride: d,
      accumulate: false,
      epilogue: { kind: 'none' },
    });
  });
  await runtime.gemm('f32', weightGroups);

  // dX rows = dGU W_in (both halves at once for swiglu).
  const dxGroups: GemmGroup[] = [];
  forEachSegment(bank, (expert, offset, count) => {
    const packed = experts.packedInTransposed![expert]!;
    dxGroups.push({
      rows: count,
      depth: inRows,
      a: view(dGuAddress + offset * inRows * 4, 'f32', inRows, 1),
      packedB: packed.address,
      panelStrideBytes: packed.panelStrideBytes,
      layout: packed.layout,
      c: dXRowsAddress + offset * d * 4,
      cStride: d,
      accumulate: false,
      epilogue: { kind: 'none' },
    });
  });
  await runtime.gemm('f32', dxGroups);

  const f32 = runtime.arena.f32();
  const f64 = runtime.arena.f64();
  rowWeightGrad.set(f64.subarray(rowWeightGradAddress / 8, rowWeightGradAddress / 8 + rows));
  const dXRows = f32.slice(dXRowsAddress / 4, dXRowsAddress / 4 + rows * d);
  for (const { expert } of segments) {
    const inBase = wInGradAddress / 4 + expert * inRows * d;
    for (let row = 0; row < f; row++) {
      for (let i = 0; i < d; i++) {
        if (wGateGrad) {
          wGateGrad[(expert * f + row) * d + i] = f32[inBase + row * d + i]!;
          wUpGrad[(expert * f + row) * d + i] = f32[inBase + (fPad + row) * d + i]!;
        } else {
          wUpGrad[(expert * f + row) * d + i] = f32[inBase + row * d + i]!;
        }
      }
    }
    const downBase = wDownGradAddress / 4 + expert * d * f;
    for (let index = 0; index < d * f; index++) wDownGrad[expert * d * f + index] = f32[downBase + index]!;
  }
  return { rowWeightGrad, dXRows, wGateGrad, wUpGrad, wDownGrad };
}

/** `dx = dZ W_router`, `dW_router = dZ^T x` in float64 on the pool. */
async function routerMatrixBackward(
  runtime: KernelRuntime,
  prepared: PreparedLayer,
  logitsGrad: Float64Array,
  x: ArrayLike<number>,
  tokens: number,
  total: number,
  d: number,
  upload: KernelRuntime['upload'],
  allocate: (bytes: number) => number,
): Promise<{ xGrad: Float64Array; routerGrad: Float64Array }> {
  if (tokens === 0) return { xGrad: new Float64Array(0), routerGrad: new Float64Array(total * d) };
  const dzAddress = upload(logitsGrad, 'f64');
  const xAddress = upload(x, 'f32');
  const [routerT, xT] = await runtime.pack('f64', [
    {
      source: view(prepared.routerF64, 'f64', 1, d),
      layout: { columns: d, interleaveHalf: 0 },
      depth: total,
    },
    { source: view(xAddress, 'f32', 1, d), layout: { columns: d, interleaveHalf: 0 }, depth: tokens },
  ]);
  const xGradAddress = allocate(tokens * d * 8);
  const routerGradAddress = allocate(total * d * 8);
  try {
    await runtime.gemm('f64', [
      {
        rows: tokens,
        depth: total,
        a: view(dzAddress, 'f64', total, 1),
        packedB: routerT!.address,
        panelStrideBytes: routerT!.panelStrideBytes,
        layout: routerT!.layout,
        c: xGradAddress,
        cStride: d,
        accumulate: false,
        epilogue: { kind: 'none' },
      },
      {
        rows: total,
        depth: tokens,
        a: view(dzAddress, 'f64', 1, total),
        packedB: xT!.address,
        panelStrideBytes: xT!.panelStrideBytes,
        layout: xT!.layout,
        c: routerGradAddress,
        cStride: d,
        accumulate: false,
        epilogue: { kind: 'none' },
      },
    ]);
    const f64 = runtime.arena.f64();
    return {
      xGrad: f64.slice(xGradAddress / 8, xGradAddress / 8 + tokens * d),
      routerGrad: f64.slice(routerGradAddress / 8, routerGradAddress / 8 + total * d),
    };
  } finally {
    runtime.arena.release(routerT!.address);
    runtime.arena.release(xT!.address);
  }
}
