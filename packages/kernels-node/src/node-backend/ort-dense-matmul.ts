import type { OrtEngine } from '../ort-engine/ort-engine.ts';
import { needsProduct, writeProduct } from './dense-matmul.ts';
import type { DenseMatmulArgs } from './dense-matmul-args.ts';

/**
 * One dense product on the onnxruntime engine: a `Gemm` with both operands as inputs (the transposes are
 * its attributes, so no transposed copy), float32 arithmetic as on the WebAssembly engine. Operands that
 * are not float32 arrays are converted first.
 */
export async function ortDenseMatmul(engine: OrtEngine, args: DenseMatmulArgs): Promise<void> {
  if (!needsProduct(args)) return;
  const float32 = (data: ArrayLike<number>) =>
    data instanceof Float32Array ? data : Float32Array.from(data);
  const result = await engine.gemm(float32(args.a), float32(args.b), {
    m: args.m,
    n: args.n,
    k: args.k,
    transposeA: args.transposeA === true,
    transposeB: args.transposeB === true,
  });
  writeProduct(args, result);
}
