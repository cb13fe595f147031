import type { ExpertTensorV1, HalfTensorV1, MoeLayerWeightsV1 } from '@anyk/core';
import { isHalfTensor } from '@anyk/core/internal';
import type { KernelRuntime, PackedMatrix } from '../runtime/kernel-runtime.ts';
import { halfPanelLaneOrder, microkernelShape } from '../wasm/gemm-kernels.ts';

/** The 16-bit formats the node backend keeps as 16 bits in its packed panels. */
export type HalfDtype = HalfTensorV1['dtype'];

/**
 * The dtype of a layer whose expert tensors (routed and shared) are all 16-bit of one dtype; `undefined`
 * otherwise. Only such layers keep 16-bit panels: a layer mixing float and 16-bit tensors (or BF16 and
 * F16) is widened once to float32 (core's `widenLayer`), as every backend did before.
 */
export function uniformHalfDtype(weights: MoeLayerWeightsV1<ExpertTensorV1>): HalfDtype | undefined {
  const shared = weights?.shared;
  const tensors = [weights?.wGate, weights?.wUp, weights?.wDown, shared?.wGate, shared?.wUp, shared?.wDown];
  let dtype: HalfDtype | undefined;
  for (const tensor of tensors) {
    if (tensor === undefined) continue;
    if (!isHalfTensor(tensor)) return undefined;
    if (dtype !== undefined && tensor.dtype !== dtype) return undefined;
    dtype = tensor.dtype;
  }
  return dtype;
}

const panelWidth = microkernelShape.f32.columns;

/**
 * Turns f32 panels that hold 16-bit bit patterns as integer values (packed by the ordinary f32 pack: the
 * 16-bit tensor was uploaded as its `bits`, 0..65535, exact in float32 and through the pack's `* 1`) into
 * 16-bit panels, each k step's columns in `halfPanelLaneOrder`. Releases the f32 panels. Pad columns
 * become bits 0, i.e. +0 in both formats.
 */
export function narrowPackedPanels(runtime: KernelRuntime, packed: readonly PackedMatrix[]): PackedMatrix[] {
  return packed.map((matrix) => {
    const depth = Math.max(1, matrix.depth);
    const panelStrideBytes = depth * panelWidth * 2;
    const address = runtime.arena.allocate(matrix.panels * panelStrideBytes, { zero: false });
    const f32 = runtime.arena.f32();
    const u16 = new Uint16Array(runtime.arena.memory.buffer);
    const steps = matrix.panels * depth;
    const from = matrix.address / 4;
    const to = address / 2;
    for (let step = 0; step < steps; step++) {
      for (let slot = 0; slot < panelWidth; slot++) {
        u16[to + step * panelWidth + slot] = f32[from + step * panelWidth + halfPanelLaneOrder[slot]!]!;
      }
    }
    runtime.arena.release(matrix.address);
    return { ...matrix, address, panelStrideBytes };
  });
}

/**
 * Float32 copies (ordinary `[depth][8]` panels) of 16-bit packed matrices, for the prefill GEMM's
 * microkernel, which reads float32 panels: widened by the workers' WASM kernel (the decode kernels' own
 * in-register widening), once per call and selected expert, and released by the caller. Prefill is
 * compute-bound, so this costs little next to the GEMMs, and no float32 copy outlives the call.
 */
export async function widenPackedPanels(
  runtime: KernelRuntime,
  matrices: readonly PackedMatrix[],
  dtype: HalfDtype,
): Promise<PackedMatrix[]> {
  const widened = matrices.map((matrix) => {
    const panelStrideBytes = Math.max(1, matrix.depth) * panelWidth * 4;
    const address = runtime.arena.allocate(matrix.panels * panelStrideBytes, { zero: false });
    return { ...matrix, address, panelStrideBytes };
  });
  try {
    await runtime.widenHalfPanels(
      dtype,
      matrices.map((matrix, index) => ({
        source: matrix.address,
        destination: widened[index]!.address,
        steps: matrix.panels * Math.max(1, matrix.depth),
      })),
    );
  } catch (error) {
    for (const matrix of widened) runtime.arena.release(matrix.address);
    throw error;
  }
  return widened;
}
