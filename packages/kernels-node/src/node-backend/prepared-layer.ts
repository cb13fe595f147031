import type { ExpertTensorV1, HalfTensorV1, MoeLayerV1, MoeLayerWeightsV1 } from '@anyk/core';
import { type ColumnLayout, noAddress } from '../pool/worker-tasks.ts';
import { type KernelRuntime, type PackedMatrix, view } from '../runtime/kernel-runtime.ts';
import type { PanelWeights } from '../wasm/gemm-kernels.ts';
import { narrowPackedPanels, uniformHalfDtype } from './half-panels.ts';

/**
 * One bank of FFN experts as it lives in shared memory (the routed experts, or the shared experts with
 * their own width): raw f32 copies with padded rows (the small-batch kernels stream these), the forward
 * panels packed once, and the backward panels packed on first use.
 *
 * - `inRaw [count, inRows, dPad]`: for `swiglu` the gate rows `[0, fPad)` then the up rows `[fPad, 2 fPad)`;
 *   for `mlp` the up rows only. Pad rows and columns are zero.
 * - `downRaw [count, d, fPad]`.
 *
 * 16-bit weights (`weights` `'bf16'` / `'f16'`) keep only their forward panels, as 16 bits
 * (`halfPanelLaneOrder`): no raw rows (`inRaw` / `downRaw` are `noAddress`), no float32 copy. The decode
 * kernels widen them in registers; prefill widens the selected experts' panels per call
 * (`widenPackedPanels`); backward prepares a float32 copy per call.
 */
export interface PreparedExperts {
  /** How the packed panels hold the weights. */
  readonly weights: PanelWeights;
  readonly count: number;
  readonly d: number;
  readonly f: number;
  readonly dPad: number;
  readonly fPad: number;
  readonly inRows: number;
  readonly glu: boolean;
  readonly inLayout: ColumnLayout;
  readonly inRaw: number;
  readonly downRaw: number;
  readonly packedIn: readonly PackedMatrix[];
  readonly packedDown: readonly PackedMatrix[];
  /** Backward packings, made on first backward. */
  packedInTransposed: readonly PackedMatrix[] | undefined;
  packedDownTransposed: readonly PackedMatrix[] | undefined;
  readonly blocks: number[];
}

/** A layer's weights in shared memory: the routed bank, the shared bank (if any) and the router. */
export interface PreparedLayer extends PreparedExperts {
  // No reference to the weights object: the cache's FinalizationRegistry waits for it to be collected.
  readonly arrays: readonly unknown[];
  /** The shared experts (`weights.shared`), a bank of their own width. */
  readonly shared: PreparedExperts | undefined;
  /** f64 router matrix `[total, d]` (linear logits) and its packed panels. */
  readonly routerF64: number;
  readonly packedRouter: PackedMatrix | undefined;
}

/** The arrays whose identity decides whether a cached preparation is still valid. */
export function weightArrays(weights: MoeLayerWeightsV1<ExpertTensorV1>): unknown[] {
  return [
    weights.router,
    weights.wGate,
    weights.wUp,
    weights.wDown,
    weights.d,
    weights.f,
    weights.expert.kind,
    weights.expert.kind === 'mlp' ? weights.expert.activation : '',
    weights.shared,
    weights.shared?.wGate,
    weights.shared?.wUp,
    weights.shared?.wDown,
    weights.shared?.f,
  ];
}

export function isCurrent(prepared: PreparedLayer, weights: MoeLayerWeightsV1<ExpertTensorV1>): boolean {
  const arrays = weightArrays(weights);
  return arrays.every((value, index) => prepared.arrays[index] === value);
}

/**
 * Uploads and packs a layer's weights (the part that happens once per layer). A layer whose expert tensors
 * are all 16-bit of one dtype (`uniformHalfDtype`) keeps 16-bit panels; any other layer must be float. With
 * `packExperts` false (another engine runs the experts' products, forward and backward) only the router is
 * uploaded and the banks carry their sizes alone: no raw copies (`inRaw`, `downRaw` are -1) and no panels.
 */
export async function prepareLayer(
  runtime: KernelRuntime,
  layer: MoeLayerV1<ExpertTensorV1>,
  packExperts = true,
): Promise<PreparedLayer> {
  const { weights, spec } = layer;
  const { d, f } = weights;
  const glu = weights.expert.kind === 'swiglu';
  const half = uniformHalfDtype(weights);
  const routed = await prepareExperts(
    runtime,
    {
      half,
      count: spec.numExperts,
      d,
      f,
      glu,
      wGate: weights.wGate,
      wUp: weights.wUp,
      wDown: weights.wDown,
    },
    packExperts,
  );
  const blocks = routed.blocks;
  const sharedWeights = weights.shared;
  const shared = sharedWeights
    ? await prepareExperts(
        runtime,
        {
          half,
          count: sharedWeights.count,
          d,
          f: sharedWeights.f,
          glu,
          wGate: sharedWeights.wGate,
          wUp: sharedWeights.wUp,
          wDown: sharedWeights.wDown,
        },
        packExperts,
      )
    : undefined;

  let routerF64 = -1;
  let packedRouter: PackedMatrix | undefined;
  if (spec.logits.kind === 'linear') {
    const total = weights.router.length / d;
    routerF64 = runtime.upload(weights.router, 'f64');
    blocks.push(routerF64);
    [packedRouter] = await runtime.pack('f64', [
      { source: view(routerF64, 'f64', d, 1), layout: { columns: total, interleaveHalf: 0 }, depth: d },
    ]);
    if (packedRouter) blocks.push(packedRouter.address);
  }

  return {
    ...routed,
    arrays: weightArrays(weights),
    shared,
    routerF64,
    packedRouter,
  };
}

/** A tensor as the values to upload: a float array, or a 16-bit tensor's bit patterns (see `narrowPackedPanels`). */
function uploadValues(tensor: ExpertTensorV1 | undefined): ArrayLike<number> {
  return (tensor as HalfTensorV1 | undefined)?.bits ?? (tensor as ArrayLike<number>);
}

/**
 * Uploads one bank of `count` experts of width `f` and packs its forward panels. With `half`, the bank's
 * bit patterns go through the same upload and pack, then the panels are narrowed to 16 bits and the raw
 * rows released.
 */

/**
 * A bank's padded widths: rows of `d` padded to 4 floats (one SIMD vector), of `f` to 8 (two), and the input
 * weight rows (gate and up halves for swiglu).
 */
export function bankPadding(d: number, f: number, glu: boolean) {
  const fPad = Math.ceil(f / 8) * 8;
  return { dPad: Math.ceil(d / 4) * 4, fPad, inRows: glu ? 2 * fPad : fPad };
}

/**
 * Uploads one bank of `count` experts of width `f` and packs its forward panels (sizes only without `pack`).
 * With `half`, the bank's bit patterns go through the same upload and pack, then the panels are narrowed to 16
 * bits and the raw rows released.
 */
async function prepareExperts(
  runtime: KernelRuntime,
  bank: {
    half: HalfTensorV1['dtype'] | undefined;
    count: number;
    d: number;
    f: number;
    glu: boolean;
    wGate: ExpertTensorV1 | undefined;
    wUp: ExpertTensorV1;
    wDown: ExpertTensorV1;
  },
  pack: boolean,
): Promise<PreparedExperts> {
  const { count: experts, d, f, glu, half } = bank;
  const { dPad, fPad, inRows } = bankPadding(d, f, glu);
  const inLayout: ColumnLayout = { columns: f, interleaveHalf: glu ? fPad : 0 };
  if (!pack) {
    return {
      weights: half ?? 'f32',
      count: experts,
      d,
      f,
      dPad,
      fPad,
      inRows,
      glu,
      inLayout,
      inRaw: -1,
      downRaw: -1,
      packedIn: [],
      packedDown: [],
      packedInTransposed: undefined,
      packedDownTransposed: undefined,
      blocks: [],
    };
  }
  const wGate = uploadValues(bank.wGate);
  const wUp = uploadValues(bank.wUp);
  const wDown = uploadValues(bank.wDown);
  const blocks: number[] = [];
  const track = (address: number): number => {
    blocks.push(address);
    return address;
  };

  const inRaw = track(runtime.arena.allocate(experts * inRows * dPad * 4));
  const downRaw = track(runtime.arena.allocate(experts * d * fPad * 4));
  const f32 = runtime.arena.f32();
  const copyRows = (
    source: ArrayLike<number>,
    sourceRow: number,
    rows: number,
    columns: number,
    target: number,
    stride: number,
  ): void => {
    for (let row = 0; row < rows; row++) {
      const from = (sourceRow + row) * columns;
      const to = target / 4 + row * stride;
      if (ArrayBuffer.isView(source)) {
        f32.set((source as unknown as Float32Array).subarray(from, from + columns), to);
      } else {
        for (let column = 0; column < columns; column++) f32[to + column] = source[from + column]!;
      }
    }
  };
  for (let expert = 0; expert < experts; expert++) {
    const inBase = inRaw + expert * inRows * dPad * 4;
    if (glu) {
      copyRows(wGate, expert * f, f, d, inBase, dPad);
      copyRows(wUp, expert * f, f, d, inBase + fPad * dPad * 4, dPad);
    } else {
      copyRows(wUp, expert * f, f, d, inBase, dPad);
    }
    copyRows(wDown, expert * d, d, f, downRaw + expert * d * fPad * 4, fPad);
  }

  const inSources = [];
  const downSources = [];
  for (let expert = 0; expert < experts; expert++) {
    inSources.push({
      source: view(inRaw + expert * inRows * dPad * 4, 'f32', dPad, 1),
      layout: inLayout,
      depth: d,
    });
    downSources.push({
      source: view(downRaw + expert * d * fPad * 4, 'f32', fPad, 1),
      layout: { columns: d, interleaveHalf: 0 },
      depth: f,
    });
  }
  let packedIn = await runtime.pack('f32', inSources);
  let packedDown = await runtime.pack('f32', downSources);
  if (half) {
    packedIn = narrowPackedPanels(runtime, packedIn);
    packedDown = narrowPackedPanels(runtime, packedDown);
    for (const address of blocks.splice(0)) runtime.arena.release(address);
  }
  for (const packed of [...packedIn, ...packedDown]) blocks.push(packed.address);
  return {
    weights: half ?? 'f32',
    count: experts,
    d,
    f,
    dPad,
    fPad,
    inRows,
    glu,
    inLayout,
    inRaw: half ? noAddress : inRaw,
    downRaw: half ? noAddress : downRaw,
    packedIn,
    packedDown,
    packedInTransposed: undefined,
    packedDownTransposed: undefined,
    blocks,
  };
}

/** Packs the transposed weight panels the backward pass multiplies with (once per bank). */
export async function prepareBackward(runtime: KernelRuntime, prepared: PreparedExperts): Promise<void> {
  if (prepared.weights !== 'f32') throw new Error('prepareBackward: 16-bit banks have no raw rows');
  const experts = prepared.count;
  if (prepared.packedInTransposed && prepared.packedDownTransposed) return;
  const { d, f, dPad, fPad, inRows } = prepared;
  const inSources = [];
  const downSources = [];
  for (let expert = 0; expert < experts; expert++) {
    // dX = dGU · W_in: B(n = input column, k = in row) = inRaw[k * dPad + n].
    inSources.push({
      source: view(prepared.inRaw + expert * inRows * dPad * 4, 'f32', 1, dPad),
      layout: { columns: d, interleaveHalf: 0 },
      depth: inRows,
    });
    // dHraw = gy · W_down: B(n = hidden column, k = output column) = downRaw[k * fPad + n].
    downSources.push({
      source: view(prepared.downRaw + expert * d * fPad * 4, 'f32', 1, fPad),
      layout: { columns: f, interleaveHalf: 0 },
      depth: d,
    });
  }
  const packedIn = await runtime.pack('f32', inSources);
  const packedDown = await runtime.pack('f32', downSources);
  for (const packed of [...packedIn, ...packedDown]) prepared.blocks.push(packed.address);
  prepared.packedInTransposed = packedIn;
  prepared.packedDownTransposed = packedDown;
}

export function releaseLayer(runtime: KernelRuntime, prepared: PreparedLayer): void {
  for (const bank of [prepared, prepared.shared]) {
    if (!bank) continue;
    for (const address of bank.blocks) runtime.arena.release(address);
    bank.blocks.length = 0;
  }
}
