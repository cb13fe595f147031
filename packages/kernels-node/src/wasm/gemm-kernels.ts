import { emitGemv } from './gemv.wasm.ts';
import { gemvMaxRows, type MultiplyAddMode } from './kernel-shapes.ts';
import { emitPackA } from './pack-a.wasm.ts';
import { emitPackedGemm } from './packed-gemm.wasm.ts';
import { emitPackedGemv, emitStreamingPackedGemv } from './packed-gemv.wasm.ts';
import { emitSilu } from './silu.wasm.ts';
import { emitSiluBackward } from './silu-backward.wasm.ts';
import { buildWasmModule, type FunctionDefinition, type MemoryImport } from './wasm-module-builder.ts';
import { emitWidenHalfPanels } from './widen-half-panels.wasm.ts';

export { kernelNames } from './kernel-names.ts';
export {
  gemvMaxRows,
  halfPanelLaneOrder,
  type MultiplyAddMode,
  microkernelShape,
  type PanelWeights,
} from './kernel-shapes.ts';
export { packedGemvShape, packedGemvStreams, streamingGemvPanels } from './packed-gemv.wasm.ts';

/**
 * Emits the kernel module: the packed f32 and f64 register-blocked GEMM microkernels, the dot-product and
 * packed GEMV kernels (1..4 rows) that stream weights once for small batches, A packing, and the SiLU /
 * SwiGLU forward and backward. Each kernel's emitter has its own `*.wasm.ts` file; this assembles them in a
 * fixed order (the export order the snapshots in `__snapshots__/` record).
 *
 * Packed layouts: A is `[k][MR]` (one broadcast per row and k), B is `[k][NR]` (one panel of NR columns),
 * so the inner loop reads both with immediate offsets only and needs no edge handling: the caller pads
 * partial tiles with zeros and copies partial outputs.
 */
export function emitGemmModule(memory: MemoryImport, mode: MultiplyAddMode): Uint8Array<ArrayBuffer> {
  const functions: FunctionDefinition[] = [emitPackedGemm('f32', mode), emitPackedGemm('f64', mode)];
  for (let rows = 1; rows <= gemvMaxRows; rows++) functions.push(emitGemv(rows, mode));
  for (let rows = 1; rows <= gemvMaxRows; rows++) functions.push(emitPackedGemv(rows, mode));
  functions.push(emitPackA('f32'), emitPackA('f64'), emitSilu(true), emitSilu(false));
  functions.push(emitSiluBackward(true), emitSiluBackward(false));
  // Appended (not next to their f32 twins) so the existing kernels keep their function indices.
  for (const weights of ['bf16', 'f16'] as const) {
    for (let rows = 1; rows <= gemvMaxRows; rows++) functions.push(emitPackedGemv(rows, mode, weights));
  }
  functions.push(emitWidenHalfPanels('bf16'), emitWidenHalfPanels('f16'));
  for (const weights of ['f32', 'bf16', 'f16'] as const) {
    for (let rows = 1; rows <= gemvMaxRows; rows++)
      functions.push(emitStreamingPackedGemv(rows, mode, weights));
  }
  return buildWasmModule(memory, functions);
}

/** True when this engine validates `f32x4.relaxed_madd` (Chrome 114+, Node 22+, not Safari). */
export function supportsRelaxedSimd(): boolean {
  try {
    return WebAssembly.validate(
      emitGemmModule({ initialPages: 1, maximumPages: 1, shared: false }, 'relaxed-madd'),
    );
  } catch {
    return false;
  }
}
