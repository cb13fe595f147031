import { InvalidArgumentError } from '@anyk/core';
import { requireInteger } from '@anyk/core/internal';
import { type KernelRuntime, view } from '../runtime/kernel-runtime.ts';
import type { DenseMatmulArgs } from './dense-matmul-args.ts';

/**
 * Runs one dense product on the backend's WebAssembly microkernels and worker pool (float32 arithmetic,
 * float32 or float64 results): the operands are copied into the shared memory, B is packed into panels
 * through a strided view (no transposed copy), and the product is the same tiled GEMM task the expert
 * FFNs use. Scratch blocks are released before it returns. Like any GEMM, non-finite inputs give non-finite
 * outputs (the MoE layers, not this product, validate activations).
 */
export async function denseMatmul(runtime: KernelRuntime, args: DenseMatmulArgs): Promise<void> {
  if (!needsProduct(args)) return;
  const { m, n, k } = args;
  const blocks: number[] = [];
  try {
    const a = runtime.upload(args.a, 'f32');
    blocks.push(a);
    const b = runtime.upload(args.b, 'f32');
    blocks.push(b);
    // Views index i along the output (rows of A, columns of B) and j along the reduction k.
    const packedB = (
      await runtime.pack('f32', [
        {
          source: args.transposeB ? view(b, 'f32', k, 1) : view(b, 'f32', 1, n),
          layout: { columns: n, interleaveHalf: 0 },
          depth: k,
        },
      ])
    )[0]!;
    blocks.push(packedB.address);
    const c = runtime.arena.allocate(m * n * 4, { zero: false });
    blocks.push(c);
    await runtime.gemm('f32', [
      {
        rows: m,
        depth: k,
        a: args.transposeA ? view(a, 'f32', 1, m) : view(a, 'f32', k, 1),
        packedB: packedB.address,
        panelStrideBytes: packedB.panelStrideBytes,
        layout: packedB.layout,
        c,
        cStride: n,
        accumulate: false,
        epilogue: { kind: 'none' },
      },
    ]);
    writeProduct(args, runtime.arena.f32().subarray(c / 4, c / 4 + m * n));
  } finally {
    for (const block of blocks) runtime.arena.release(block);
  }
}

/**
 * Validates a dense product's arguments (`InvalidArgumentError` naming the argument) and handles the empty
 * shapes; false when nothing is left to multiply.
 */
export function needsProduct(args: DenseMatmulArgs): boolean {
  const { m, n, k } = args;
  const caller = 'NodeBackend.matmul';
  requireInteger('m', m, { min: 0, max: 1 << 30 }, caller);
  requireInteger('n', n, { min: 0, max: 1 << 30 }, caller);
  requireInteger('k', k, { min: 0, max: 1 << 30 }, caller);
  expectLength('a', args.a, m * k);
  expectLength('b', args.b, k * n);
  expectLength('out', args.out, m * n);
  if (m === 0 || n === 0) return false;
  if (k === 0) {
    if (!args.accumulate) args.out.fill(0, 0, m * n);
    return false;
  }
  return true;
}

/** Stores (or, with `accumulate`, adds) a float32 `[m, n]` product into `args.out`. */
export function writeProduct(args: DenseMatmulArgs, result: Float32Array): void {
  const out = args.out;
  if (!args.accumulate) out.set(result);
  else for (let index = 0; index < result.length; index++) out[index] = out[index]! + result[index]!;
}

function expectLength(name: string, data: ArrayLike<number>, length: number): void {
  if (data.length !== length)
    throw new InvalidArgumentError(name, `${length} elements`, data.length, 'NodeBackend.matmul');
}
