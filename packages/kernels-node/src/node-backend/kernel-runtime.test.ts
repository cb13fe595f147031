import { afterAll, describe, expect, test } from 'vitest';
import { randomArray, seededRandom } from '../__tests__/random-layer.ts';
import { prepareRuntimeGemm } from '../runtime/measure-runtime-gemm.ts';
import { supportsRelaxedSimd } from '../wasm/gemm-kernels.ts';
import { KernelRuntime, singleWorkerStreamBytes, streamedWeightBytes, view } from './kernel-runtime.ts';

const shapes = [
  { M: 1, K: 1, N: 1 },
  { M: 3, K: 5, N: 7 },
  { M: 17, K: 33, N: 65 },
  { M: 70, K: 300, N: 19 },
  { M: 5, K: 513, N: 130 },
];

function referenceGemm(
  a: Float32Array,
  b: Float32Array,
  M: number,
  K: number,
  N: number,
  rows: Int32Array,
): Float64Array {
  const c = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += a[rows[m]! * K + k]! * b[n * K + k]!;
      c[m * N + n] = sum;
    }
  }
  return c;
}

const modes = supportsRelaxedSimd() ? (['relaxed-madd', 'mul-add'] as const) : (['mul-add'] as const);
const runtimes: KernelRuntime[] = [];
afterAll(async () => {
  for (const runtime of runtimes) await runtime.dispose();
});

test('this engine (Node 22) validates relaxed SIMD, so both variants are exercised', () => {
  expect(supportsRelaxedSimd()).toBe(true);
});

describe.each(modes)('GEMM with %s', (mode) => {
  test.each(shapes)(
    'C = X[rows] B^T matches a float64 loop at M=$M K=$K N=$N (f32 and f64 kernels)',
    async ({ M, K, N }) => {
      const runtime = await KernelRuntime.create({ threads: 2, maxMemoryBytes: 64 << 20, multiplyAdd: mode });
      runtimes.push(runtime);
      expect(runtime.multiplyAdd).toBe(mode);
      const random = seededRandom(M * 1000 + K * 10 + N);
      const sourceRows = M + 3;
      const a = randomArray(random, sourceRows * K);
      const b = randomArray(random, N * K);
      // Gathered, out-of-order rows (with a repeat), as the grouped FFN reads tokens through rowToken.
      const rows = Int32Array.from({ length: M }, (_, m) => (m * 7 + 2) % sourceRows);
      const expected = referenceGemm(a, b, M, K, N, rows);
      const aAddress = runtime.upload(a, 'f32');
      const bAddress = runtime.upload(b, 'f32');
      const rowsAddress = runtime.arena.allocate(M * 4);
      runtime.arena.i32().set(rows, rowsAddress / 4);
      for (const precision of ['f32', 'f64'] as const) {
        const [packed] = await runtime.pack(precision, [
          { source: view(bAddress, 'f32', K, 1), layout: { columns: N, interleaveHalf: 0 }, depth: K },
        ]);
        const elementBytes = precision === 'f32' ? 4 : 8;
        const c = runtime.arena.allocate(M * N * elementBytes);
        await runtime.gemm(precision, [
          {
            rows: M,
            depth: K,
            a: view(aAddress, 'f32', K, 1, { indexI: rowsAddress }),
            packedB: packed!.address,
            panelStrideBytes: packed!.panelStrideBytes,
            layout: packed!.layout,
            c,
            cStride: N,
            accumulate: false,
            epilogue: { kind: 'none' },
          },
        ]);
        const out = precision === 'f32' ? runtime.arena.f32() : runtime.arena.f64();
        let maxError = 0;
        for (let index = 0; index < M * N; index++) {
          maxError = Math.max(maxError, Math.abs(out[c / elementBytes + index]! - expected[index]!));
        }
        // float32 accumulation over K terms of magnitude <= 1: error grows like K * 2^-24.
        expect(maxError).toBeLessThan(precision === 'f32' ? 4e-7 * K + 1e-6 : 1e-12 * K);
      }

      // Small-batch kernel (raw rows, k padded to 4) on the same data.
      const kPad = Math.ceil(K / 4) * 4;
      const gathered = new Float32Array(M * kPad);
      for (let m = 0; m < M; m++) gathered.set(a.subarray(rows[m]! * K, rows[m]! * K + K), m * kPad);
      const bPadded = new Float32Array(N * kPad);
      for (let n = 0; n < N; n++) bPadded.set(b.subarray(n * K, n * K + K), n * kPad);
      const gAddress = runtime.upload(gathered, 'f32');
      const wAddress = runtime.upload(bPadded, 'f32');
      const c = runtime.arena.allocate(M * N * 4);
      await runtime.gemv([
        {
          rows: M,
          depth: kPad,
          a: gAddress,
          aStride: kPad,
          w: wAddress,
          wStride: kPad,
          layout: { columns: N, interleaveHalf: 0 },
          c,
          cStride: N,
          epilogue: { kind: 'none' },
        },
      ]);
      const out = runtime.arena.f32();
      let maxError = 0;
      for (let index = 0; index < M * N; index++)
        maxError = Math.max(maxError, Math.abs(out[c / 4 + index]! - expected[index]!));
      expect(maxError).toBeLessThan(4e-7 * K + 1e-6);

      // Small-batch kernel over packed panels (any depth: the 1-4 row kernels' unrolled loops and their
      // remainder steps; M > 4 takes several calls per panel, N off 8 the edge panel).
      const [packedPanels] = await runtime.pack('f32', [
        { source: view(bAddress, 'f32', K, 1), layout: { columns: N, interleaveHalf: 0 }, depth: K },
      ]);
      const packedC = runtime.arena.allocate(M * N * 4);
      await runtime.gemv([
        {
          rows: M,
          depth: K,
          a: gAddress,
          aStride: kPad,
          w: wAddress,
          wStride: kPad,
          packed: { address: packedPanels!.address, panelStrideBytes: packedPanels!.panelStrideBytes },
          layout: packedPanels!.layout,
          c: packedC,
          cStride: N,
          epilogue: { kind: 'none' },
        },
      ]);
      const packedOut = runtime.arena.f32();
      let packedError = 0;
      for (let index = 0; index < M * N; index++)
        packedError = Math.max(packedError, Math.abs(packedOut[packedC / 4 + index]! - expected[index]!));
      expect(packedError).toBeLessThan(4e-7 * K + 1e-6);
    },
  );
});

describe('small-batch sequences on several threads', () => {
  /** A GEMV task of one group streaming `depth x columns` float32 weights (addresses unused: `run` is stubbed). */
  function gemvTask(depth: number, columns: number) {
    const group = {
      rows: 4,
      depth,
      a: 0,
      aStride: depth,
      w: 0,
      wStride: depth,
      layout: { columns, interleaveHalf: 0 },
      c: 0,
      cStride: columns,
      epilogue: { kind: 'none' as const },
    };
    return { kind: 'gemv' as const, groups: [group], items: Int32Array.of(0, 0, 4, 0, 1) };
  }

  test('stay on one worker (one job) below the streamed-bytes threshold, use every worker above it', async () => {
    const runtime = await KernelRuntime.create({
      threads: 2,
      maxMemoryBytes: 8 << 20,
      multiplyAdd: 'mul-add',
    });
    runtimes.push(runtime);
    const jobs: string[] = [];
    runtime.run = async (task) => {
      jobs.push(task.kind);
    };
    const small = [gemvTask(256, 512), gemvTask(512, 256)];
    expect(streamedWeightBytes(small)).toBe(2 * 256 * 512 * 4);
    expect(streamedWeightBytes(small)).toBeLessThan(singleWorkerStreamBytes);
    await runtime.gemvSequence(small);
    expect(jobs).toEqual(['sequence']);
    jobs.length = 0;
    const large = [gemvTask(1024, 1024), gemvTask(1024, 1024)];
    expect(streamedWeightBytes(large)).toBeGreaterThanOrEqual(singleWorkerStreamBytes);
    await runtime.gemvSequence(large);
    expect(jobs).toEqual(['gemv', 'gemv']);
  });
});

describe('small-batch sequences on one thread', () => {
  test('run on the calling thread (no worker job) and compute the product', async () => {
    const runtime = await KernelRuntime.create({
      threads: 1,
      maxMemoryBytes: 8 << 20,
      multiplyAdd: 'mul-add',
    });
    runtimes.push(runtime);
    const [M, K, N] = [3, 37, 21];
    const random = seededRandom(7);
    const a = randomArray(random, M * K);
    const b = randomArray(random, N * K);
    const expected = referenceGemm(
      a,
      b,
      M,
      K,
      N,
      Int32Array.from({ length: M }, (_, m) => m),
    );
    const aAddress = runtime.upload(a, 'f32');
    const bAddress = runtime.upload(b, 'f32');
    const [packed] = await runtime.pack('f32', [
      { source: view(bAddress, 'f32', K, 1), layout: { columns: N, interleaveHalf: 0 }, depth: K },
    ]);
    const c = runtime.arena.allocate(M * N * 4);
    const workerJobs: string[] = [];
    const postToWorkers = runtime.pool.run.bind(runtime.pool);
    runtime.pool.run = (task) => {
      workerJobs.push(task.kind);
      return postToWorkers(task);
    };
    const task = runtime.gemvTask([
      {
        rows: M,
        depth: K,
        a: aAddress,
        aStride: K,
        w: bAddress,
        wStride: K,
        packed: { address: packed!.address, panelStrideBytes: packed!.panelStrideBytes },
        layout: packed!.layout,
        c,
        cStride: N,
        epilogue: { kind: 'none' },
      },
    ]);
    await runtime.gemvSequence([task]);
    expect(workerJobs).toEqual([]);
    const out = runtime.arena.f32();
    let maxError = 0;
    for (let index = 0; index < M * N; index++)
      maxError = Math.max(maxError, Math.abs(out[c / 4 + index]! - expected[index]!));
    expect(maxError).toBeLessThan(4e-7 * K + 1e-6);
    // Other products still go to the worker.
    const gemm = await prepareRuntimeGemm(runtime, { M, K, N });
    workerJobs.length = 0;
    await gemm();
    expect(workerJobs).toEqual(['gemm']);
  });
});
