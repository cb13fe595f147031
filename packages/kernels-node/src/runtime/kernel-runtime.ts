import { UnsupportedError } from '@anyk/core';
import { SharedArena } from '../memory/shared-arena.ts';
import { InlinePool } from '../pool/inline-pool.ts';
import type { KernelPool, KernelPoolFactory } from '../pool/kernel-pool.ts';
import { rowTileLimit, workerScratchBytes } from '../pool/worker-kernels.ts';
import {
  type ActivationBackwardTask,
  type ColumnLayout,
  type GemmGroup,
  type GemvGroup,
  type GemvTask,
  type MatrixView,
  noAddress,
  type PackGroup,
  type Precision,
  sequenceMaxTasks,
  type WidenGroup,
  type WorkerTask,
} from '../pool/worker-tasks.ts';
import {
  emitGemmModule,
  type MultiplyAddMode,
  microkernelShape,
  streamingGemvPanels,
  supportsRelaxedSimd,
} from '../wasm/gemm-kernels.ts';

export interface KernelRuntimeOptions {
  readonly threads: number;
  readonly maxMemoryBytes: number;
  readonly multiplyAdd: 'auto' | MultiplyAddMode;
  /**
   * Starts the pool that runs the work items: Node's `worker_threads` pool (`WorkerPool.create`, the
   * default of the Node runtime in `node-backend/kernel-runtime.ts`), Web Workers, or an `InlinePool`.
   */
  readonly createPool: KernelPoolFactory;
  /**
   * Whether the memory is a shared one (default true). Only threads need it; a browser page without
   * cross-origin isolation cannot make one, and runs the items inline on a plain memory.
   */
  readonly sharedMemory?: boolean | undefined;
  /** The backend named in typed errors (default `'node'`). */
  readonly backendName?: string | undefined;
}

/** A packed B operand: `panels` panels of `[depth][NR]`, `panelStrideBytes` apart. */
export interface PackedMatrix {
  readonly address: number;
  readonly panels: number;
  readonly panelStrideBytes: number;
  readonly layout: ColumnLayout;
  readonly depth: number;
  readonly precision: Precision;
}

/** Rows per GEMM work item: a packed B block is reused by this many rows before moving on. */
const rowTile = rowTileLimit;

/**
 * Work items per worker a grouped GEMM aims at on several threads. The cpu suite's prefill (T = 512, E = 8,
 * top-2: segments of 108-140 rows) had 11 row tiles at the earlier 128-row limit: 11 items at 4 per
 * worker, whose largest-first split over 2 workers left one ~3% idle at each of the up and down GEMMs (the
 * larger load 1/0.968 of the mean), while at 8 per worker the panels split in two, 22 items, and the split
 * was even. (With 192-row tiles the 8 experts are 8 row tiles, split into 16 items.) A panel split costs
 * one more packing of the item's A block (rows x k, ~0.1% of its multiply-adds) and no extra B traffic
 * (each B panel is still read once per row tile).
 */
const itemsPerWorker = 8;

/**
 * The CPU backend's engine: one (shared) memory, the kernel module compiled once, a pool of threads, and
 * helpers that turn grouped GEMMs / packs into work items (several per worker, so they balance). It
 * imports nothing platform-specific: the pool comes from `options.createPool`, so the Node backend and the
 * browser CPU backend's host worker run this same code.
 */
export class KernelRuntime {
  readonly arena: SharedArena;
  readonly pool: KernelPool;
  readonly multiplyAdd: MultiplyAddMode;
  readonly threads: number;
  /**
   * On one thread, the calling thread's own instance of the kernels (the pool itself when it is inline):
   * it runs the small-batch sequences ({@link gemvSequence}) without a round trip to the worker.
   */
  private readonly caller: KernelPool | undefined;

  protected constructor(
    arena: SharedArena,
    pool: KernelPool,
    multiplyAdd: MultiplyAddMode,
    threads: number,
    caller: KernelPool | undefined,
  ) {
    this.arena = arena;
    this.pool = pool;
    this.multiplyAdd = multiplyAdd;
    this.threads = threads;
    this.caller = caller;
  }

  static async create(options: KernelRuntimeOptions): Promise<KernelRuntime> {
    const relaxed = supportsRelaxedSimd();
    if (options.multiplyAdd === 'relaxed-madd' && !relaxed) {
      throw new UnsupportedError('multiplyAdd "relaxed-madd"', 'this engine does not validate relaxed SIMD');
    }
    const multiplyAdd: MultiplyAddMode =
      options.multiplyAdd === 'auto' ? (relaxed ? 'relaxed-madd' : 'mul-add') : options.multiplyAdd;
    const shared = options.sharedMemory ?? true;
    const arena = new SharedArena(options.maxMemoryBytes, undefined, { shared });
    const bytes = emitGemmModule({ initialPages: 1, maximumPages: arena.maximumPages, shared }, multiplyAdd);
    const module = await WebAssembly.compile(bytes);
    const counter = arena.allocate(64);
    const scratch: number[] = [];
    for (let index = 0; index < options.threads; index++) scratch.push(arena.allocate(workerScratchBytes));
    const pool = await options.createPool({
      threads: options.threads,
      memory: arena.memory,
      module,
      counter,
      scratch,
      backendName: options.backendName,
    });
    const caller = await callerPool(options, pool, { arena, module });
    return new KernelRuntime(arena, pool, multiplyAdd, options.threads, caller);
  }

  /** Copies `data` into a fresh f32 (or f64) block, optionally as `rows x columns` with a padded row stride. */
  upload(
    data: ArrayLike<number>,
    precision: Precision,
    shape?: { rows: number; columns: number; stride: number; scale?: number },
  ): number {
    const elementBytes = precision === 'f32' ? 4 : 8;
    const rows = shape?.rows ?? 1;
    const columns = shape?.columns ?? data.length;
    const stride = shape?.stride ?? columns;
    const scale = shape?.scale ?? 1;
    // Only row padding needs zeros; every other element is written below.
    const address = this.arena.allocate(rows * stride * elementBytes, { zero: stride !== columns });
    const view = precision === 'f32' ? this.arena.f32() : this.arena.f64();
    const base = address / elementBytes;
    if (stride === columns && scale === 1 && ArrayBuffer.isView(data)) {
      view.set(data as unknown as ArrayLike<number>, base);
      return address;
    }
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        view[base + row * stride + column] = scale * data[row * columns + column]!;
      }
    }
    return address;
  }

  /** Packs B into panels (one group per matrix); returns one `PackedMatrix` per group. */
  async pack(
    precision: Precision,
    sources: readonly {
      source: MatrixView;
      layout: ColumnLayout;
      depth: number;
      scale?: number;
      kScale?: number;
    }[],
  ): Promise<PackedMatrix[]> {
    const width = microkernelShape[precision].columns;
    const elementBytes = precision === 'f32' ? 4 : 8;
    const groups: PackGroup[] = [];
    const packed: PackedMatrix[] = [];
    const items: number[] = [];
    sources.forEach((entry, groupIndex) => {
      const panels = panelCount(entry.layout, width);
      const panelStrideBytes = Math.max(1, entry.depth) * width * elementBytes;
      const address = this.arena.allocate(panels * panelStrideBytes);
      groups.push({
        source: entry.source,
        layout: entry.layout,
        depth: entry.depth,
        scale: entry.scale ?? 1,
        kScale: entry.kScale ?? noAddress,
        destination: address,
        panelStrideBytes,
      });
      packed.push({ address, panels, panelStrideBytes, layout: entry.layout, depth: entry.depth, precision });
      const chunk = Math.max(1, Math.ceil(panels / 8));
      for (let start = 0; start < panels; start += chunk)
        items.push(groupIndex, start, Math.min(panels, start + chunk));
    });
    await this.run({ kind: 'pack', precision, groups, items: Int32Array.from(items) });
    return packed;
  }

  /** Runs a grouped GEMM (B pre-packed). */
  gemm(precision: Precision, groups: readonly GemmGroup[]): Promise<void> {
    const items = this.tileItems(
      groups.map((group) => ({ rows: group.rows, layout: group.layout })),
      precision,
    );
    return this.run({ kind: 'gemm', precision, groups, items });
  }

  /** Runs the small-batch kernels (weights streamed once per item). */
  gemv(groups: readonly GemvGroup[]): Promise<void> {
    return this.run(this.gemvTask(groups));
  }

  gemvTask(groups: readonly GemvGroup[]): GemvTask {
    const items = this.tileItems(
      groups.map((group) => ({ rows: group.rows, layout: group.layout })),
      'f32',
      streamingGemvPanels,
    );
    return { kind: 'gemv', groups, items };
  }

  /**
   * Runs dependent small-batch tasks (a decode step: a few milliseconds of weight streaming). On one
   * thread the calling thread runs them itself, on its own instance of the kernels: posted as a job to the
   * worker, a BF16 decode step (T = 4, d = 1024, f = 1408, E = 8, caches cold as between the layers of a
   * model) took 5.52 ms instead of 4.57 (medians of 60 alternating calls, Intel Xeon VM, load 1.0), the
   * cost of a round trip to an idle worker. On several threads they run as one job on one worker (one
   * round trip instead of one per task) while the weights they stream are below
   * {@link singleWorkerStreamBytes}; above it, one job per task that every worker takes part in.
   */
  async gemvSequence(tasks: readonly GemvTask[]): Promise<void> {
    const oneWorker = this.threads === 1 || streamedWeightBytes(tasks) < singleWorkerStreamBytes;
    if (oneWorker && tasks.length <= sequenceMaxTasks) {
      const sequence: WorkerTask = { kind: 'sequence', tasks, items: Int32Array.of(0) };
      return this.caller ? this.caller.run(sequence) : this.run(sequence);
    }
    for (const task of tasks) await this.run(task);
  }

  /**
   * Widens 16-bit packed matrices (`halfPanelLaneOrder` steps) into float32 panels, in the workers' WASM
   * kernel; items of at most 4096 steps (64 KiB read), so several threads share one matrix.
   */
  widenHalfPanels(weights: 'bf16' | 'f16', groups: readonly WidenGroup[]): Promise<void> {
    const items: number[] = [];
    const chunk = 4096;
    groups.forEach((group, index) => {
      for (let start = 0; start < group.steps; start += chunk)
        items.push(index, start, Math.min(group.steps, start + chunk));
    });
    return this.run({ kind: 'widen', weights, groups, items: Int32Array.from(items) });
  }

  activationBackward(task: Omit<ActivationBackwardTask, 'kind' | 'items'>, rows: number): Promise<void> {
    const items: number[] = [];
    const chunk = Math.max(1, Math.min(32, Math.ceil(rows / (4 * this.threads))));
    for (let start = 0; start < rows; start += chunk) items.push(start, Math.min(rows, start + chunk));
    return this.run({ ...task, kind: 'activation-backward', items: Int32Array.from(items) });
  }

  run(task: WorkerTask): Promise<void> {
    return this.pool.run(task);
  }

  /**
   * `[group, rowStart, rowEnd, panelStart, panelEnd]` items. Each group's rows are cut into the fewest
   * tiles of at most `rowTile` rows (rounded up to a multiple of the microkernel's rows), of even size (200
   * float32 rows are 2 x 100, not 192 + 8): every tile re-reads all of B, so fewer tiles means less memory
   * traffic and less work on edge tiles. With several threads, panels are split for about {@link itemsPerWorker} items per
   * worker and the items go largest first (balance); interleaved layouts split on even panel boundaries,
   * GEMV tasks on whole streaming runs (`panelRun`).
   */
  private tileItems(
    groups: readonly { rows: number; layout: ColumnLayout }[],
    precision: Precision,
    panelRun = 1,
  ): Int32Array {
    const { rows: microRows, columns: width } = microkernelShape[precision];
    const tiles = groups.map((group) => {
      if (group.rows === 0) return { count: 0, size: 0 };
      const count = Math.ceil(group.rows / rowTile);
      return { count, size: Math.ceil(group.rows / count / microRows) * microRows };
    });
    let rowTiles = 0;
    for (const tile of tiles) rowTiles += tile.count;
    const target = this.threads === 1 ? 1 : itemsPerWorker * this.threads;
    const splits = Math.max(1, Math.ceil(target / Math.max(1, rowTiles)));
    const items: { entry: number[]; work: number }[] = [];
    groups.forEach((group, groupIndex) => {
      if (group.rows === 0) return;
      const panels = panelCount(group.layout, width);
      // Items split on whole runs (`panelRun` panels of each half when interleaved).
      const run = panelRun * (group.layout.interleaveHalf > 0 ? 2 : 1);
      const chunk = Math.ceil(Math.max(1, Math.ceil(panels / splits)) / run) * run;
      const tileSize = tiles[groupIndex]!.size;
      for (let rowStart = 0; rowStart < group.rows; rowStart += tileSize) {
        const rowEnd = Math.min(group.rows, rowStart + tileSize);
        for (let panelStart = 0; panelStart < panels; panelStart += chunk) {
          const panelEnd = Math.min(panels, panelStart + chunk);
          items.push({
            entry: [groupIndex, rowStart, rowEnd, panelStart, panelEnd],
            work: (Math.ceil((rowEnd - rowStart) / microRows) + 1) * (panelEnd - panelStart),
          });
        }
      }
    });
    // Largest first: workers claim items in order, so the small ones fill the gaps at the end.
    if (this.threads > 1) items.sort((a, b) => b.work - a.work);
    return Int32Array.from(items.flatMap((item) => item.entry));
  }

  async dispose(): Promise<void> {
    await this.pool.dispose();
    if (this.caller !== this.pool) await this.caller?.dispose();
  }
}

/**
 * The pool a one-thread runtime runs its small-batch sequences on: the calling thread, i.e. the pool itself
 * when it is inline, else an instance of the kernels of its own on the same memory (with its own item
 * counter and scratch block, so it never shares them with a worker job in flight). None on several threads.
 */
async function callerPool(
  options: KernelRuntimeOptions,
  pool: KernelPool,
  shared: { arena: SharedArena; module: WebAssembly.Module },
): Promise<KernelPool | undefined> {
  if (options.threads !== 1) return undefined;
  if (pool instanceof InlinePool) return pool;
  const { arena, module } = shared;
  return InlinePool.create({
    threads: 1,
    memory: arena.memory,
    module,
    counter: arena.allocate(64),
    scratch: [arena.allocate(workerScratchBytes)],
    backendName: options.backendName,
  });
}

/**
 * Weight bytes below which a small-batch sequence stays on one worker. A small-batch step streams each
 * selected expert's weights once (memory-bound); splitting it over the workers costs one extra job and
 * message round trip per task (~0.1 ms each) and saves half the streaming time (~0.1 ms per MiB at one
 * core's ~10 GB/s), so below about 2 MiB a second worker only adds latency.
 */
export const singleWorkerStreamBytes = 2 * 1024 * 1024;

/** float32 weight bytes a list of small-batch tasks streams (each group's `depth x columns` once). */
export function streamedWeightBytes(tasks: readonly GemvTask[]): number {
  let bytes = 0;
  for (const task of tasks) {
    for (const group of task.groups) {
      const { columns, interleaveHalf } = group.layout;
      bytes += group.depth * (interleaveHalf > 0 ? 2 * interleaveHalf : columns) * 4;
    }
  }
  return bytes;
}

/** Panels needed to cover a column layout (both halves when interleaved). */
export function panelCount(layout: ColumnLayout, width: number): number {
  if (layout.interleaveHalf > 0) return 2 * Math.ceil(layout.interleaveHalf / width);
  return Math.ceil(layout.columns / width);
}

/** A dense, optionally gathered matrix view. */
export function view(
  address: number,
  precision: Precision,
  strideI: number,
  strideJ: number,
  gather: { indexI?: number; indexJ?: number } = {},
): MatrixView {
  return {
    address,
    precision,
    strideI,
    strideJ,
    indexI: gather.indexI ?? noAddress,
    indexJ: gather.indexJ ?? noAddress,
  };
}
