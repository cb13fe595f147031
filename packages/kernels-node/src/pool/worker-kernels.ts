import {
  gemvMaxRows,
  kernelNames,
  microkernelShape,
  type PanelWeights,
  packedGemvStreams,
  streamingGemvPanels,
} from '../wasm/gemm-kernels.ts';
import {
  type ActivationBackwardTask,
  type ColumnLayout,
  type Epilogue,
  type GemmTask,
  type GemvTask,
  itemWidth,
  type MatrixView,
  noAddress,
  type PackTask,
  type WorkerRequest,
} from './worker-tasks.ts';

/** Depth of one k-block: a packed A tile (5 x 256 f32) and a B panel block (256 x 8 f32) stay in L1. */
export const kBlock = 256;

/**
 * Most rows a GEMM work item may span. The item's A block (rows x kBlock, packed once per k-block) stays
 * in L2 while every B panel of the item streams through L1 once, so B is read from memory once per item.
 * 192 rows (192 KiB of f32 A) keep a whole expert in one item at the cpu suite's prefill (T = 512, E = 8,
 * top-2: 108-140 rows per expert): at 128, the experts past 128 rows were cut in two items of ~70 rows,
 * each streaming the expert's 11.5 MB of gate/up weights again with half the reuse per panel. Both limits
 * taking turns in one process on that problem, paired medians of 128-row time over 192-row time: 1.028
 * on one thread, 1.040 on two (20 calls each, load 1.3, Intel Xeon VM); 256 rows gave no more (1.004,
 * 1.003). Float32 items round up to the microkernel's 5 rows (at most 195 rows); the scratch is sized for
 * float64 rows, twice that.
 */
export const rowTileLimit = 192;

/** Scratch layout: an edge C tile (f64-sized), one k-block of f32 zeros (padding rows), the packed A block. */
const scratchZeroOffset = 512;
const scratchAPackOffset = scratchZeroOffset + kBlock * 4;

/** Bytes of per-worker scratch: one edge C tile, a zero row, and the packed A block of an item (f64-sized). */
export const workerScratchBytes = scratchAPackOffset + rowTileLimit * kBlock * 8;

type KernelFunction = (...args: number[]) => void;

/**
 * Executes tasks on one shared memory: what a worker thread runs (and what a test can run in-process).
 * Work items are claimed with `Atomics.add` on the job's counter until none are left.
 */
export class WorkerKernels {
  private readonly memory: WebAssembly.Memory;
  private readonly gemmF32: KernelFunction;
  private readonly gemmF64: KernelFunction;
  private readonly gemv: KernelFunction[];
  /** Packed GEMV kernels by panel weights, then by rows - 1. */
  private readonly gemvPacked: Record<PanelWeights, KernelFunction[]>;
  /** The streaming packed GEMV kernels (several panels side by side), same indexing. */
  private readonly gemvPackedStreams: Record<PanelWeights, KernelFunction[]>;
  private readonly packAF32: KernelFunction;
  private readonly packAF64FromF32: KernelFunction;
  private readonly swigluF32: KernelFunction;
  private readonly siluF32: KernelFunction;
  private readonly swigluBackwardF32: KernelFunction;
  private readonly siluBackwardF32: KernelFunction;
  private readonly widenHalfPanels: Record<'bf16' | 'f16', KernelFunction>;
  private f32 = new Float32Array(0);
  private f64 = new Float64Array(0);
  private i32 = new Int32Array(0);

  constructor(memory: WebAssembly.Memory, instance: WebAssembly.Instance) {
    this.memory = memory;
    const exports = instance.exports as Record<string, KernelFunction>;
    this.gemmF32 = exports[kernelNames.gemmF32]!;
    this.gemmF64 = exports[kernelNames.gemmF64]!;
    this.gemv = [];
    this.gemvPacked = { f32: [], bf16: [], f16: [] };
    this.gemvPackedStreams = { f32: [], bf16: [], f16: [] };
    for (let rows = 1; rows <= gemvMaxRows; rows++) {
      this.gemv.push(exports[kernelNames.gemvF32(rows)]!);
      for (const weights of ['f32', 'bf16', 'f16'] as const) {
        this.gemvPacked[weights].push(exports[kernelNames.gemvPacked(weights, rows)]!);
        this.gemvPackedStreams[weights].push(exports[kernelNames.gemvPackedStreams(weights, rows)]!);
      }
    }
    this.packAF32 = exports[kernelNames.packAF32]!;
    this.packAF64FromF32 = exports[kernelNames.packAF64FromF32]!;
    this.swigluF32 = exports[kernelNames.swigluF32]!;
    this.siluF32 = exports[kernelNames.siluF32]!;
    this.swigluBackwardF32 = exports[kernelNames.swigluBackwardF32]!;
    this.siluBackwardF32 = exports[kernelNames.siluBackwardF32]!;
    this.widenHalfPanels = {
      bf16: exports[kernelNames.widenHalfPanels('bf16')]!,
      f16: exports[kernelNames.widenHalfPanels('f16')]!,
    };
  }

  /** Runs items of `request` until the shared counter passes the end. */
  run(request: WorkerRequest): void {
    this.refreshViews();
    const { task } = request;
    const width = itemWidth(task);
    const count = task.items.length / width;
    const counterIndex = request.counter >> 2;
    for (;;) {
      const item = Atomics.add(this.i32, counterIndex, 1);
      if (item >= count) return;
      const at = item * width;
      switch (task.kind) {
        case 'pack':
          this.packItem(task, at);
          break;
        case 'gemm':
          this.gemmItem(task, at, request.scratch);
          break;
        case 'gemv':
          this.gemvItem(task, at, request.scratch);
          break;
        case 'activation-backward':
          this.activationBackwardItem(task, task.items[at]!, task.items[at + 1]!);
          break;
        case 'widen': {
          const group = task.groups[task.items[at]!]!;
          const stepStart = task.items[at + 1]!;
          this.widenHalfPanels[task.weights](
            group.source + stepStart * 16,
            group.destination + stepStart * 32,
            task.items[at + 2]! - stepStart,
          );
          break;
        }
        case 'fail':
          throw new Error(task.message);
        case 'sequence':
          // One participant (one item): run the sub-tasks in order, each on a fresh counter slot.
          task.tasks.forEach((subtask, index) => {
            const counter = request.counter + 4 * (index + 1);
            Atomics.store(this.i32, counter >> 2, 0);
            this.run({ ...request, counter, task: subtask });
          });
          break;
      }
    }
  }

  private refreshViews(): void {
    const buffer = this.memory.buffer;
    if (this.f32.buffer !== buffer || this.f32.length * 4 !== buffer.byteLength) {
      this.f32 = new Float32Array(buffer);
      this.f64 = new Float64Array(buffer);
      this.i32 = new Int32Array(buffer);
    }
  }

  /**
   * A reader that copies `count` elements of A's row `i` from column `kStart` into `out` with a stride
   * (the packed `[k][MR]` layout), resolving a row gather once per row rather than per element.
   */
  private rowReader(
    view: MatrixView,
  ): (
    i: number,
    kStart: number,
    count: number,
    out: Float32Array | Float64Array,
    at: number,
    stride: number,
  ) => void {
    const data = view.precision === 'f32' ? this.f32 : this.f64;
    const base = view.address / (view.precision === 'f32' ? 4 : 8);
    const { strideI, strideJ } = view;
    const indexI = view.indexI === noAddress ? -1 : view.indexI >> 2;
    const indexJ = view.indexJ === noAddress ? -1 : view.indexJ >> 2;
    const i32 = this.i32;
    return (i, kStart, count, out, at, stride) => {
      const rowBase = base + (indexI < 0 ? i : i32[indexI + i]!) * strideI;
      if (indexJ < 0) {
        let from = rowBase + kStart * strideJ;
        for (let k = 0; k < count; k++, from += strideJ) out[at + k * stride] = data[from]!;
      } else {
        for (let k = 0; k < count; k++)
          out[at + k * stride] = data[rowBase + i32[indexJ + kStart + k]! * strideJ]!;
      }
    };
  }

  private packItem(task: PackTask, at: number): void {
    const group = task.groups[task.items[at]!]!;
    const panelStart = task.items[at + 1]!;
    const panelEnd = task.items[at + 2]!;
    const width = microkernelShape[task.precision].columns;
    const elementBytes = task.precision === 'f32' ? 4 : 8;
    const out = task.precision === 'f32' ? this.f32 : this.f64;
    const { source, depth, scale } = group;
    const data = source.precision === 'f32' ? this.f32 : this.f64;
    const sourceBase = source.address / (source.precision === 'f32' ? 4 : 8);
    const kScale = group.kScale === noAddress ? -1 : group.kScale >> 2;
    const indexJ = source.indexJ === noAddress ? -1 : source.indexJ >> 2;
    if (source.indexI !== noAddress) throw new Error('pack: a gather along n is not supported');
    for (let panel = panelStart; panel < panelEnd; panel++) {
      const { column, valid } = panelColumns(group.layout, panel, width);
      const destination = (group.destination + panel * group.panelStrideBytes) / elementBytes;
      for (let k = 0; k < depth; k++) {
        const factor = kScale < 0 ? scale : scale * this.f32[kScale + k]!;
        const sourceK = indexJ < 0 ? k : this.i32[indexJ + k]!;
        const rowBase = sourceBase + sourceK * source.strideJ + column * source.strideI;
        const at = destination + k * width;
        for (let lane = 0; lane < valid; lane++)
          out[at + lane] = data[rowBase + lane * source.strideI]! * factor;
        for (let lane = valid; lane < width; lane++) out[at + lane] = 0;
      }
    }
  }

  private gemmItem(task: GemmTask, at: number, scratch: number): void {
    const group = task.groups[task.items[at]!]!;
    const rowStart = task.items[at + 1]!;
    const rowEnd = task.items[at + 2]!;
    const panelStart = task.items[at + 3]!;
    const panelEnd = task.items[at + 4]!;
    const { rows: tileRows, columns: width } = microkernelShape[task.precision];
    const elementBytes = task.precision === 'f32' ? 4 : 8;
    const out = task.precision === 'f32' ? this.f32 : this.f64;
    const kernel = task.precision === 'f32' ? this.gemmF32 : this.gemmF64;
    const edgeTile = scratch;
    const aPack = scratch + scratchAPackOffset;
    const edgeIndex = edgeTile / elementBytes;
    const cStrideBytes = group.cStride * elementBytes;
    const depth = group.depth;

    if (depth === 0) {
      if (!group.accumulate) {
        for (let row = rowStart; row < rowEnd; row++) {
          for (let panel = panelStart; panel < panelEnd; panel++) {
            const { column, valid } = panelColumns(group.layout, panel, width);
            const base = group.c / elementBytes + row * group.cStride + column;
            out.fill(0, base, base + valid);
          }
        }
      }
    }
    // GotoBLAS order: per k-block, pack A for every row sub-tile of the item once (L2), then sweep the
    // panels, each B panel block (L1) reused by all sub-tiles.
    const tileCount = Math.ceil((rowEnd - rowStart) / tileRows);
    for (let kStart = 0; kStart < depth; kStart += kBlock) {
      const kCount = Math.min(kBlock, depth - kStart);
      const accumulate = kStart > 0 || group.accumulate ? 1 : 0;
      const tileStride = tileRows * kCount;
      this.packA(
        group.a,
        task.precision,
        rowStart,
        rowEnd,
        kStart,
        kCount,
        aPack,
        scratch + scratchZeroOffset,
      );
      for (let panel = panelStart; panel < panelEnd; panel++) {
        const { column, valid } = panelColumns(group.layout, panel, width);
        const packed = group.packedB + panel * group.panelStrideBytes + kStart * width * elementBytes;
        for (let tile = 0; tile < tileCount; tile++) {
          const tileStart = rowStart + tile * tileRows;
          const validRows = Math.min(tileRows, rowEnd - tileStart);
          const aTile = aPack + tile * tileStride * elementBytes;
          const cAddress = group.c + (tileStart * group.cStride + column) * elementBytes;
          if (validRows === tileRows && valid === width) {
            kernel(aTile, packed, kCount, cAddress, cStrideBytes, accumulate);
            continue;
          }
          const cIndex = cAddress / elementBytes;
          if (accumulate) {
            for (let row = 0; row < tileRows; row++) {
              for (let lane = 0; lane < width; lane++) {
                out[edgeIndex + row * width + lane] =
                  row < validRows && lane < valid ? out[cIndex + row * group.cStride + lane]! : 0;
              }
            }
          }
          kernel(aTile, packed, kCount, edgeTile, width * elementBytes, accumulate);
          for (let row = 0; row < validRows; row++) {
            for (let lane = 0; lane < valid; lane++) {
              out[cIndex + row * group.cStride + lane] = out[edgeIndex + row * width + lane]!;
            }
          }
        }
      }
    }
    this.epilogue(group.epilogue, task.precision, group.c, group.cStride, group.layout, width, {
      rowStart,
      rowEnd,
      panelStart,
      panelEnd,
    });
  }

  /**
   * Packs rows `[rowStart, rowEnd)`, columns `[kStart, kStart + kCount)` of A into `[tile][k][MR]` tiles at
   * `destination`, padding the last tile with zero rows. Rows that are contiguous f32 (the forward's
   * gathered X and activations, the router's X) go through the wasm packer, one call per tile of four
   * rows with the row gather resolved here; other views (the backward's transposed operands) through
   * the generic reader.
   */
  private packA(
    view: MatrixView,
    precision: 'f32' | 'f64',
    rowStart: number,
    rowEnd: number,
    kStart: number,
    kCount: number,
    destination: number,
    zeros: number,
  ): void {
    const tileRows = microkernelShape[precision].rows;
    const elementBytes = precision === 'f32' ? 4 : 8;
    const tileBytes = tileRows * kCount * elementBytes;
    if (view.precision === 'f32' && view.strideJ === 1 && view.indexJ === noAddress && tileRows === 4) {
      const pack = precision === 'f32' ? this.packAF32 : this.packAF64FromF32;
      const i32 = this.i32;
      const indexI = view.indexI === noAddress ? -1 : view.indexI >> 2;
      const rowBytes = view.strideI * 4;
      const base = view.address + kStart * 4;
      const address = (row: number): number =>
        row >= rowEnd ? zeros : base + (indexI < 0 ? row : i32[indexI + row]!) * rowBytes;
      let tileAddress = destination;
      for (let row = rowStart; row < rowEnd; row += 4, tileAddress += tileBytes) {
        pack(tileAddress, kCount, address(row), address(row + 1), address(row + 2), address(row + 3));
      }
      return;
    }
    const out = precision === 'f32' ? this.f32 : this.f64;
    const readRow = this.rowReader(view);
    const aPackIndex = destination / elementBytes;
    const tileCount = Math.ceil((rowEnd - rowStart) / tileRows);
    const tileStride = tileRows * kCount;
    for (let tile = 0; tile < tileCount; tile++) {
      const tileStart = rowStart + tile * tileRows;
      const validRows = Math.min(tileRows, rowEnd - tileStart);
      const base = aPackIndex + tile * tileStride;
      for (let row = 0; row < tileRows; row++) {
        if (row >= validRows) {
          for (let k = 0; k < kCount; k++) out[base + k * tileRows + row] = 0;
          continue;
        }
        readRow(tileStart + row, kStart, kCount, out, base + row, tileRows);
      }
    }
  }

  private gemvItem(task: GemvTask, at: number, scratch: number): void {
    const group = task.groups[task.items[at]!]!;
    const block = {
      rowStart: task.items[at + 1]!,
      rowEnd: task.items[at + 2]!,
      panelStart: task.items[at + 3]!,
      panelEnd: task.items[at + 4]!,
    };
    const width = microkernelShape.f32.columns;
    if (group.packed !== undefined) this.packedGemvPanels(group, group.packed, block, scratch);
    else this.rowGemvPanels(group, block);
    this.epilogue(group.epilogue, 'f32', group.c, group.cStride, group.layout, width, block);
  }

  /** Dot-product GEMV over the raw, row-padded weights (callers without packed panels). */
  private rowGemvPanels(
    group: GemvTask['groups'][number],
    block: { rowStart: number; rowEnd: number; panelStart: number; panelEnd: number },
  ): void {
    const width = microkernelShape.f32.columns;
    for (let panel = block.panelStart; panel < block.panelEnd; panel++) {
      const { column, valid } = panelColumns(group.layout, panel, width);
      for (let row = block.rowStart; row < block.rowEnd; row += gemvMaxRows) {
        const rows = Math.min(gemvMaxRows, block.rowEnd - row);
        this.gemv[rows - 1]!(
          group.a + row * group.aStride * 4,
          group.aStride * 4,
          group.w + column * group.wStride * 4,
          group.wStride * 4,
          group.depth,
          valid,
          group.c + (row * group.cStride + column) * 4,
          group.cStride * 4,
        );
      }
    }
  }

  /**
   * Packed GEMV over panels `[panelStart, panelEnd)`, rows `[rowStart, rowEnd)`. Runs of
   * `streamingGemvPanels` full panels go through the streaming kernels (`packedGemvStreams(rows).streams`
   * panels per call), each run for every row tile before the next, so an expert with more rows than one
   * call takes still reads its weights from memory once. Panels read side by side lie a constant distance
   * apart in memory and in C: consecutive panels, or with gate/up interleaving every other panel (the gate
   * panels, then the up panels), whose columns are 8 apart. The rest (a short run, an edge panel) goes
   * through the single-panel kernel.
   */
  private packedGemvPanels(
    group: GemvTask['groups'][number],
    packed: NonNullable<GemvTask['groups'][number]['packed']>,
    block: { rowStart: number; rowEnd: number; panelStart: number; panelEnd: number },
    scratch: number,
  ): void {
    const { rowStart, rowEnd, panelStart, panelEnd } = block;
    const width = microkernelShape.f32.columns;
    const weights = packed.weights ?? 'f32';
    const step = group.layout.interleaveHalf > 0 ? 2 : 1;
    const aRowBytes = group.aStride * 4;
    const cRowBytes = group.cStride * 4;
    const panelAddress = (panel: number): number => packed.address + panel * packed.panelStrideBytes;
    for (let first = panelStart; first < Math.min(panelEnd, panelStart + step); first++) {
      let panel = first;
      while (panel < panelEnd) {
        const runEnd = panel + (streamingGemvPanels - 1) * step;
        if (runEnd < panelEnd && panelColumns(group.layout, runEnd, width).valid === width) {
          const { column } = panelColumns(group.layout, panel, width);
          for (let row = rowStart; row < rowEnd; row += gemvMaxRows) {
            const rows = Math.min(gemvMaxRows, rowEnd - row);
            const kernel = this.gemvPackedStreams[weights][rows - 1]!;
            const { streams } = packedGemvStreams(rows);
            for (let offset = 0; offset < streamingGemvPanels; offset += streams) {
              kernel(
                group.a + row * aRowBytes,
                aRowBytes,
                panelAddress(panel + offset * step),
                group.depth,
                group.c + row * cRowBytes + (column + offset * width) * 4,
                cRowBytes,
                step * packed.panelStrideBytes,
                width * 4,
              );
            }
          }
          panel += streamingGemvPanels * step;
          continue;
        }
        const { column, valid } = panelColumns(group.layout, panel, width);
        for (let row = rowStart; row < rowEnd; row += gemvMaxRows) {
          const rows = Math.min(gemvMaxRows, rowEnd - row);
          const kernel = this.gemvPacked[weights][rows - 1]!;
          const a = group.a + row * aRowBytes;
          const c = group.c + row * cRowBytes + column * 4;
          if (valid === width) {
            kernel(a, aRowBytes, panelAddress(panel), group.depth, c, cRowBytes);
            continue;
          }
          // Edge panel: full 8-wide rows go to the scratch tile, the valid columns are copied out.
          kernel(a, aRowBytes, panelAddress(panel), group.depth, scratch, width * 4);
          const f32 = this.f32;
          for (let r = 0; r < rows; r++) {
            for (let lane = 0; lane < valid; lane++) {
              f32[(c >> 2) + r * group.cStride + lane] = f32[(scratch >> 2) + r * width + lane]!;
            }
          }
        }
        panel += step;
      }
    }
  }

  /**
   * f32 only (every epilogue belongs to an f32 GEMM). SiLU / SwiGLU run in the vectorised wasm kernel over
   * the item's whole column range per row (the last `count % 4` columns in JavaScript).
   */
  private epilogue(
    epilogue: Epilogue,
    precision: 'f32' | 'f64',
    c: number,
    cStride: number,
    layout: ColumnLayout,
    width: number,
    block: { rowStart: number; rowEnd: number; panelStart: number; panelEnd: number },
  ): void {
    if (epilogue.kind === 'none') return;
    if (precision !== 'f32') throw new Error(`epilogue "${epilogue.kind}" needs an f32 GEMM`);
    const f32 = this.f32;
    const cBase = c >> 2;
    const { rowStart, rowEnd, panelStart, panelEnd } = block;
    if (epilogue.kind === 'row-scale') {
      for (let panel = panelStart; panel < panelEnd; panel++) {
        const { column, valid } = panelColumns(layout, panel, width);
        const factors = epilogue.factors >> 2;
        for (let row = rowStart; row < rowEnd; row++) {
          const factor = f32[factors + row]!;
          const base = cBase + row * cStride + column;
          for (let lane = 0; lane < valid; lane++) f32[base + lane]! *= factor;
        }
      }
      return;
    }
    // Logical columns of this block: panels are split on even boundaries, so with interleaving the block
    // holds gate panels [start/2, end/2) and the matching up panels.
    const interleaved = layout.interleaveHalf > 0;
    const first = (interleaved ? panelStart >> 1 : panelStart) * width;
    const last = Math.min(layout.columns, (interleaved ? (panelEnd + 1) >> 1 : panelEnd) * width);
    const count = last - first;
    if (count <= 0) return;
    const vectorCount = count & ~3;
    const half = layout.interleaveHalf;
    const swiglu = epilogue.activation === 'swiglu';
    if (swiglu && !interleaved) throw new Error('the swiglu epilogue needs an interleaved layout');
    for (let row = rowStart; row < rowEnd; row++) {
      const base = cBase + row * cStride + first;
      const hBase = (epilogue.h >> 2) + row * epilogue.hStride + first;
      let column = 0;
      if (epilogue.activation === 'gelu') {
        for (; column < count; column++) f32[hBase + column] = geluTanh(f32[base + column]!);
        continue;
      }
      if (vectorCount > 0) {
        const kernel = swiglu ? this.swigluF32 : this.siluF32;
        kernel(base * 4, (base + half) * 4, hBase * 4, vectorCount);
        column = vectorCount;
      }
      for (; column < count; column++) {
        const value = f32[base + column]!;
        const silu = value / (1 + Math.exp(-value));
        f32[hBase + column] = swiglu ? silu * f32[base + half + column]! : silu;
      }
    }
  }

  private activationBackwardItem(task: ActivationBackwardTask, rowStart: number, rowEnd: number): void {
    const f32 = this.f32;
    const dHraw = task.dHraw >> 2;
    const h = task.h >> 2;
    const gu = task.gu >> 2;
    const dGU = task.dGU >> 2;
    const rowWeight = task.rowWeight >> 2;
    const rowWeightGrad = task.rowWeightGrad >> 3;
    const half = task.halfStride;
    const columns = task.columns;
    // SwiGLU and SiLU run four lanes at a time in wasm (its exp), the last columns % 4 and GELU in JS.
    const vectorCount = task.activation === 'gelu' ? 0 : columns & ~3;
    const kernel = task.activation === 'swiglu' ? this.swigluBackwardF32 : this.siluBackwardF32;
    for (let row = rowStart; row < rowEnd; row++) {
      const weight = f32[rowWeight + row]!;
      const dBase = dHraw + row * task.dHrawStride;
      const hBase = h + row * task.hStride;
      const guBase = gu + row * task.guStride;
      const dGuBase = dGU + row * task.guStride;
      let weightGrad = 0;
      for (let column = 0; column < columns; column++)
        weightGrad += f32[dBase + column]! * f32[hBase + column]!;
      this.f64[rowWeightGrad + row] = weightGrad;
      if (vectorCount > 0) {
        kernel(
          guBase * 4,
          (guBase + half) * 4,
          dBase * 4,
          dGuBase * 4,
          (dGuBase + half) * 4,
          weight,
          vectorCount,
        );
      }
      for (let column = vectorCount; column < columns; column++) {
        const dh = weight * f32[dBase + column]!;
        if (task.activation === 'swiglu') {
          const gate = f32[guBase + column]!;
          const up = f32[guBase + half + column]!;
          const sigmoid = 1 / (1 + Math.exp(-gate));
          f32[dGuBase + column] = dh * up * sigmoid * (1 + gate * (1 - sigmoid));
          f32[dGuBase + half + column] = dh * gate * sigmoid;
        } else {
          const value = f32[guBase + column]!;
          f32[dGuBase + column] =
            dh * (task.activation === 'gelu' ? geluTanhDerivative(value) : siluDerivative(value));
        }
      }
    }
  }
}

/** First logical column and valid width of a packed panel (see `ColumnLayout`). */
export function panelColumns(
  layout: ColumnLayout,
  panel: number,
  width: number,
): { column: number; valid: number } {
  if (layout.interleaveHalf > 0) {
    const local = (panel >> 1) * width;
    return {
      column: (panel & 1) * layout.interleaveHalf + local,
      valid: Math.max(0, Math.min(width, layout.columns - local)),
    };
  }
  const column = panel * width;
  return { column, valid: Math.max(0, Math.min(width, layout.columns - column)) };
}

const geluScale = Math.sqrt(2 / Math.PI);

/** GELU, tanh approximation (GPT-2). */
export function geluTanh(value: number): number {
  return 0.5 * value * (1 + Math.tanh(geluScale * (value + 0.044715 * value * value * value)));
}

function geluTanhDerivative(value: number): number {
  const inner = geluScale * (value + 0.044715 * value * value * value);
  const tanh = Math.tanh(inner);
  return 0.5 * (1 + tanh) + 0.5 * value * (1 - tanh * tanh) * geluScale * (1 + 3 * 0.044715 * value * value);
}

function siluDerivative(value: number): number {
  const sigmoid = 1 / (1 + Math.exp(-value));
  return sigmoid * (1 + value * (1 - sigmoid));
}
