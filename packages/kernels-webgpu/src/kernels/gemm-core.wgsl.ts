import { type GemmTiling, gemmThreads } from './gemm-tiles.ts';

/**
 * What a GEMM kernel supplies to the shared tile loop, as WGSL text. Load slot `p` of a thread covers tile
 * row `aRow{p}` / `bRow{p}` (already declared) and `vec4` `aK{p}` / `bK{p}` of the K-slice.
 */
export interface GemmCoreParts {
  readonly tiling: GemmTiling;
  /** The reduction length. */
  readonly depth: number;
  /**
   * A WGSL `u32` expression for `ceil(K / 4)` when the reduction length is only known per workgroup (a weight
   * gradient sums over its expert's plan rows). It must be workgroup-uniform (the loop holds barriers); the
   * loads must return zero past K. Default: `ceil(depth / 4)`, baked in.
   */
  readonly depthVectors?: string | undefined;
  /** Statements run once per thread before the loop, e.g. declaring `let aBase{p}` from `aRow{p}`. */
  readonly setupA: (slot: number) => string;
  readonly setupB: (slot: number) => string;
  /** An expression of type `vec4<f32>`: K-elements `4 * k4 .. 4 * k4 + 3` of the slot's row, zero past K. */
  readonly loadA: (slot: number, k4: string) => string;
  readonly loadB: (slot: number, k4: string) => string;
  /**
   * The operand is stored with its tile rows contiguous and K strided (a transposed weight, or a sum over
   * plan rows): consecutive threads then load consecutive tile rows of the same K-vector, so each of their
   * element loads coalesces, instead of consecutive K-vectors of one row. Default false (K contiguous).
   */
  readonly transposedA?: boolean | undefined;
  readonly transposedB?: boolean | undefined;
}

/**
 * Loads of one operand row: `fn name(base: i32, k4: u32) -> vec4<f32>` reading `buffer` (`array<vec4<f32>>`
 * when `vectorised`, else `array<f32>`), zero for `base < 0` (a masked row) and past the reduction length.
 * `base` is in elements of the buffer's type.
 */
export function rowLoadWgsl(name: string, buffer: string, depth: number, vectorised: boolean): string {
  if (vectorised) {
    return /* wgsl */ `
fn ${name}(base: i32, k4: u32) -> vec4<f32> {
  if (base < 0 || k4 >= ${depth / 4}u) { return vec4<f32>(0.0); }
  return ${buffer}[u32(base) + k4];
}`;
  }
  return /* wgsl */ `
fn ${name}(base: i32, k4: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (base < 0) { return v; }
  let k = k4 * 4u;
  for (var c = 0u; c < 4u; c++) {
    if (k + c < ${depth}u) { v[c] = ${buffer}[u32(base) + k + c]; }
  }
  return v;
}`;
}

/** Workgroup tiles of the shared loop (declared at module scope). */
export function gemmWorkgroupMemoryWgsl(tiling: GemmTiling): string {
  const stride = tiling.depth / 4 + 1;
  return /* wgsl */ `
var<workgroup> aTile: array<vec4<f32>, ${tiling.rows * stride}>;
var<workgroup> bTile: array<vec4<f32>, ${tiling.columns * stride}>;`;
}

/** How many `vec4` loads each thread makes per K-slice for A and for B. */
export function gemmLoadSlots(tiling: GemmTiling): { a: number; b: number } {
  const { threads } = gemmThreads(tiling);
  const perRow = tiling.depth / 4;
  return { a: (tiling.rows * perRow) / threads, b: (tiling.columns * perRow) / threads };
}

/** The name of the accumulator of output `(i, j)` of a thread (row `ty + i * threadsY`, column `tx + j * threadsX`). */
export function accumulator(i: number, j: number): string {
  return `acc${i}_${j}`;
}

/**
 * The shared register-blocked tile loop, as statements inside `main` (which must have `local`, the
 * `local_invocation_index`). Declares `tx`, `ty` and the accumulators. The next K-slice is loaded from
 * global memory into registers while the current one is multiplied out of workgroup memory (one barrier
 * pair per slice, all in uniform control flow). Each `vec4` of K contributes through `dot`, which fixes the
 * summation order, so results are bit-stable run to run.
 */
export function gemmCoreWgsl(parts: GemmCoreParts): string {
  const { tiling } = parts;
  const { threadsX, threadsY, threads } = gemmThreads(tiling);
  const slots = gemmLoadSlots(tiling);
  const perRow = tiling.depth / 4;
  const stride = perRow + 1;
  const kVectors = parts.depthVectors ?? `${Math.ceil(parts.depth / 4)}u`;
  const lines: string[] = [];
  lines.push(`let tx = local % ${threadsX}u;`, `let ty = local / ${threadsX}u;`);
  // Load slot p of a thread covers element L = local + p * threads of the tile: (row, K-vector) either
  // K-vector fastest (K contiguous in memory) or row fastest (a transposed operand).
  const slot = (name: string, p: number, tileRows: number, transposed: boolean | undefined): string[] => {
    const element = `(local + ${p * threads}u)`;
    return transposed
      ? [`let ${name}Row${p} = ${element} % ${tileRows}u;`, `let ${name}K${p} = ${element} / ${tileRows}u;`]
      : [`let ${name}Row${p} = ${element} / ${perRow}u;`, `let ${name}K${p} = ${element} % ${perRow}u;`];
  };
  for (let p = 0; p < slots.a; p++) {
    lines.push(...slot('a', p, tiling.rows, parts.transposedA), parts.setupA(p));
  }
  for (let p = 0; p < slots.b; p++) {
    lines.push(...slot('b', p, tiling.columns, parts.transposedB), parts.setupB(p));
  }
  for (let i = 0; i < tiling.rowsPerThread; i++) {
    for (let j = 0; j < tiling.columnsPerThread; j++) lines.push(`var ${accumulator(i, j)} = 0.0;`);
  }
  for (let p = 0; p < slots.a; p++) lines.push(`var ra${p} = ${parts.loadA(p, `aK${p}`)};`);
  for (let p = 0; p < slots.b; p++) lines.push(`var rb${p} = ${parts.loadB(p, `bK${p}`)};`);
  const stores: string[] = [];
  const prefetch: string[] = [];
  for (let p = 0; p < slots.a; p++) {
    stores.push(`aTile[aRow${p} * ${stride}u + aK${p}] = ra${p};`);
    prefetch.push(`ra${p} = ${parts.loadA(p, `next + aK${p}`)};`);
  }
  for (let p = 0; p < slots.b; p++) {
    stores.push(`bTile[bRow${p} * ${stride}u + bK${p}] = rb${p};`);
    prefetch.push(`rb${p} = ${parts.loadB(p, `next + bK${p}`)};`);
  }
  const compute: string[] = [];
  for (let i = 0; i < tiling.rowsPerThread; i++) {
    compute.push(`let a${i} = aTile[(ty + ${i * threadsY}u) * ${stride}u + kq];`);
  }
  for (let j = 0; j < tiling.columnsPerThread; j++) {
    compute.push(`let b${j} = bTile[(tx + ${j * threadsX}u) * ${stride}u + kq];`);
  }
  for (let i = 0; i < tiling.rowsPerThread; i++) {
    for (let j = 0; j < tiling.columnsPerThread; j++) {
      compute.push(`${accumulator(i, j)} += dot(a${i}, b${j});`);
    }
  }
  lines.push(`for (var k4 = 0u; k4 < ${kVectors}; k4 += ${perRow}u) {
    ${stores.join('\n    ')}
    workgroupBarrier();
    let next = k4 + ${perRow}u;
    if (next < ${kVectors}) {
      ${prefetch.join('\n      ')}
    }
    for (var kq = 0u; kq < ${perRow}u; kq++) {
      ${compute.join('\n      ')}
    }
    workgroupBarrier();
  }`);
  return lines.map((line) => `  ${line}`).join('\n');
}

/**
 * The epilogue of the shared tile loop, as statements inside `main` after `gemmCoreWgsl`: for each of the
 * thread's rows (`row = rowStart + ty + i * threadsY`) under `rowGuard`, optional per-row statements, then
 * for each of its columns (`column = columnStart + tx + j * threadsX`) below `columns`, `store(accumulator)`
 * (which may read `row` and `column`). Declares `row` and `column`.
 */
export function gemmStoresWgsl(
  tiling: GemmTiling,
  epilogue: {
    readonly rowGuard: string;
    readonly columns: string;
    readonly rowSetup?: string | undefined;
    readonly store: (value: string) => string;
  },
): string {
  const { threadsX, threadsY } = gemmThreads(tiling);
  const lines = ['var row = 0u;', 'var column = 0u;'];
  for (let i = 0; i < tiling.rowsPerThread; i++) {
    lines.push(`row = rowStart + ty + ${i * threadsY}u;`, `if (${epilogue.rowGuard}) {`);
    if (epilogue.rowSetup) lines.push(`  ${epilogue.rowSetup}`);
    for (let j = 0; j < tiling.columnsPerThread; j++) {
      lines.push(`  column = columnStart + tx + ${j * threadsX}u;`);
      lines.push(`  if (column < ${epilogue.columns}) { ${epilogue.store(accumulator(i, j))} }`);
    }
    lines.push('}');
  }
  return lines.map((line) => `  ${line}`).join('\n');
}
