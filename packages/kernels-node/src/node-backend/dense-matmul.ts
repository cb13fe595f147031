import { InvalidArgumentError } from '@anyk/core';
import { assertInteger } from '@anyk/core/internal';
import type { DenseMatmulArgs } from './dense-matmul-args.ts';
import { type KernelRuntime, view } from './kernel-runtime.ts';

/**
 * Runs one dense product on the backend's WebAssembly microkernels and worker pool (float32 arithmetic,
 * float32 or float64 results): the operands are copied into the shared memory, B is packed into panels
 * through a strided view (no transposed copy), and the product is the same tiled GEMM task the expert
 * FFNs use. Scratch blocks are released before it returns. Like any GEMM, non-finite inputs give non-finite
 * outputs (the MoE layers, not this product, validate activations).
 */
export async function denseMatmul(runtime: KernelRuntime, args: DenseMatmulArgs): Promise<void> {
  const { m, n, k } = args;
  const caller = 'NodeBackend.matmul';
  assertInteger('m', m, 0, 1 << 30, caller);
  assertInteger('n', n, 0, 1 << 30, caller);
  assertInteger('k', k, 0, 1 << 30, caller);
  expectLength('a', args.a, m * k);
  expectLength('b', args.b, k * n);
  expectLength('out', args.out, m * n);
  if (m === 0 || n === 0) return;
  if (k === 0) {
    if (!args.accumulate) args.out.fill(0, 0, m * n);
    return;
  }
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
    const result = runtime.arena.f32().subarray(c / 4, c / 4 + m * n);
    const out = args.out;
    if (!args.accumulate) out.set(result);
    else for (let index = 0; index < m * n; index++) out[index] = out[index]! + result[index]!;
  } finally {
    for (const block of blocks) runtime.arena.release(block);
  }
}

function expectLength(name: string, data: ArrayLike<number>, length: number): void {
  if (data.length !== length)
    throw new InvalidArgumentError(name, `${length} elements`, data.length, 'NodeBackend.matmul');
}
