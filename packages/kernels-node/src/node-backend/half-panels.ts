import {
  type ExpertTensorV1,
  f16ToFloat,
  type HalfTensorV1,
  isHalfTensor,
  type MoeLayerWeightsV1,
} from '@anyk/core';
import { halfPanelLaneOrder, microkernelShape } from '../wasm/gemm-kernels.ts';
import type { KernelRuntime, PackedMatrix } from './kernel-runtime.ts';

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

let f16Table: Float32Array | undefined;

/** The float32 value of every F16 bit pattern (256 KiB, built on first use): widening is one lookup. */
function f16Values(): Float32Array {
  if (!f16Table) {
    f16Table = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) f16Table[bits] = f16ToFloat(bits);
  }
  return f16Table;
}

/**
 * A float32 copy (ordinary `[depth][8]` panels) of one 16-bit packed matrix, for the prefill GEMM's
 * microkernel, which reads float32 panels: prefill is compute-bound, so widening once per call (per
 * selected expert) costs a few percent of it, and keeps no float32 copy alive between calls. The caller
 * releases the returned block.
 */
export function widenPackedPanels(
  runtime: KernelRuntime,
  matrix: PackedMatrix,
  dtype: HalfDtype,
): PackedMatrix {
  const depth = Math.max(1, matrix.depth);
  const panelStrideBytes = depth * panelWidth * 4;
  const address = runtime.arena.allocate(matrix.panels * panelStrideBytes, { zero: false });
  const u16 = new Uint16Array(runtime.arena.memory.buffer);
  const from = matrix.address / 2;
  const to = address / 4;
  const steps = matrix.panels * depth;
  if (dtype === 'bf16') {
    const u32 = new Uint32Array(runtime.arena.memory.buffer);
    for (let step = 0; step < steps; step++) {
      for (let slot = 0; slot < panelWidth; slot++) {
        u32[to + step * panelWidth + halfPanelLaneOrder[slot]!] = u16[from + step * panelWidth + slot]! << 16;
      }
    }
  } else {
    const f32 = runtime.arena.f32();
    const values = f16Values();
    for (let step = 0; step < steps; step++) {
      for (let slot = 0; slot < panelWidth; slot++) {
        f32[to + step * panelWidth + halfPanelLaneOrder[slot]!] =
          values[u16[from + step * panelWidth + slot]!]!;
      }
    }
  }
  return { ...matrix, address, panelStrideBytes };
}
