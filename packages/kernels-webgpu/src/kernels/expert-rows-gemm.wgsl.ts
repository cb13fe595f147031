import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { gemmCoreWgsl, gemmStoresWgsl, gemmWorkgroupMemoryWgsl } from './gemm-core.wgsl.ts';
import { type GemmTiling, gemmThreads } from './gemm-tiles.ts';
import { paramsStructWgsl, tiledMainWgsl } from './params.wgsl.ts';

/**
 * The three row GEMMs of the expert FFN backward, one output row per plan row (rows of an expert are
 * contiguous, so a row tile belongs to one expert):
 * - `pre-activation`: `gu[r] = W_in[e] (s x_t)`, the first projection without its activation (the backward
 *   recomputes it instead of keeping it from the forward); `W_in` is `W_gate` stacked over `W_up` for SwiGLU.
 * - `hidden-grad`: `dHraw[r] = W_down[e]^T gy_t`, the hidden units' gradient before the router weight.
 * - `input-grad`: `dX[r] = W_in[e]^T dGU[r]`, the gradient of the expert input, per row (summed per token
 *   on the host).
 */
export type ExpertRowsGemmMode = 'pre-activation' | 'hidden-grad' | 'input-grad';

/** Host-written row-tile table: `[tiles, then (expert, rowStart, rowEnd) per tile]`. */
export function rowTileTable(expertOffset: Int32Array, experts: number, tileRows: number): Uint32Array {
  const entries: number[] = [0];
  for (let expert = 0; expert < experts; expert++) {
    const start = expertOffset[expert]!;
    const end = expertOffset[expert + 1]!;
    for (let row = start; row < end; row += tileRows)
      entries.push(expert, row, Math.min(row + tileRows, end));
  }
  entries[0] = (entries.length - 1) / 3;
  return Uint32Array.from(entries);
}

/** Output columns `N` and reduction length `K` of a row GEMM. */
export function expertRowsGemmShape(
  mode: ExpertRowsGemmMode,
  shape: { d: number; f: number; gated: boolean },
): { columns: number; depth: number } {
  const inRows = shape.gated ? 2 * shape.f : shape.f;
  if (mode === 'pre-activation') return { columns: inRows, depth: shape.d };
  if (mode === 'hidden-grad') return { columns: shape.f, depth: shape.d };
  return { columns: shape.d, depth: inRows };
}

/** The bindings of `expert-rows-gemm`, in order (see `KernelBindings`). */
export const expertRowsGemmBindings = {
  params: paramsBinding,
  a: read('f32'),
  b0: read('f32'),
  b1: read('f32'),
  rowToken: read('i32'),
  tiles: read('u32'),
  out: write('f32'),
} as const satisfies KernelBindings;

/**
 * A row GEMM of the expert backward on the shared register-blocked tile loop. Bindings: params (`scalar0`
 * = expert input scale), `a` (x, gy or dGU), `b0` / `b1` (W_gate and W_up, or W_down and an unused
 * placeholder; an MLP's `W_in` is `W_up`, in `b1`), `rowToken`, the row-tile table, `out [rows, N]`. Workgroup `(x, y)` folds to (row tile,
 * column tile). Operands are read element by element (assembled into the tile's `vec4`s), so one kernel
 * serves all three shapes; the transposed weights (`W_down^T`, `W_in^T`) load with `transposedB`, consecutive
 * threads on consecutive output columns, so those strided reads still coalesce. Bit-stable (fixed
 * summation order, no atomics).
 */
export function expertRowsGemmWgsl(constants: {
  mode: ExpertRowsGemmMode;
  d: number;
  f: number;
  gated: boolean;
  tiling: GemmTiling;
}): string {
  const { mode, d, f, gated, tiling } = constants;
  const { threads } = gemmThreads(tiling);
  const { columns, depth } = expertRowsGemmShape(mode, constants);
  const inRows = gated ? 2 * f : f;
  const columnTiles = Math.ceil(columns / tiling.columns);

  // Per mode: the A row base (element index, -1 when masked), A element, B column base, B element.
  let setupA: (p: number) => string;
  let aElement: string;
  let setupB: (p: number) => string;
  let bElement: string;
  if (mode === 'input-grad') {
    setupA = (p) =>
      `let aBase${p} = select(-1, i32((rowStart + aRow${p}) * ${inRows}u), rowStart + aRow${p} < rowEnd);`;
    aElement = `return a[u32(base) + k];`;
  } else {
    setupA = (p) => `let aRowIndex${p} = rowStart + aRow${p};
  var aBase${p} = -1;
  if (aRowIndex${p} < rowEnd) { aBase${p} = rowToken[aRowIndex${p}] * ${d}; }`;
    aElement =
      mode === 'pre-activation' ? 'return params.scalar0 * a[u32(base) + k];' : 'return a[u32(base) + k];';
  }
  if (mode === 'pre-activation') {
    // B row c of W_in[e]: gate rows [0, f), then up rows [f, 2f) for SwiGLU; contiguous along d.
    setupB = (p) => `let bColumn${p} = columnStart + bRow${p};
  let bBase${p} = select(-1, i32(bColumn${p}), bColumn${p} < ${columns}u);`;
    bElement = gated
      ? `if (u32(base) < ${f}u) { return b0[(expert * ${f}u + u32(base)) * ${d}u + k]; }
  return b1[(expert * ${f}u + u32(base) - ${f}u) * ${d}u + k];`
      : `return b1[(expert * ${f}u + u32(base)) * ${d}u + k];`;
  } else if (mode === 'hidden-grad') {
    // B row j = column j of W_down[e] ([d, f] row-major): stride f along the reduction.
    setupB = (p) => `let bColumn${p} = columnStart + bRow${p};
  let bBase${p} = select(-1, i32(expert * ${d * f}u + bColumn${p}), bColumn${p} < ${columns}u);`;
    bElement = `return b0[u32(base) + k * ${f}u];`;
  } else {
    // B row i = column i of W_in[e] ([inRows, d] row-major): stride d; gate rows then up rows.
    setupB = (p) => `let bColumn${p} = columnStart + bRow${p};
  let bBase${p} = select(-1, i32(expert * ${f * d}u + bColumn${p}), bColumn${p} < ${columns}u);`;
    bElement = gated
      ? `if (k < ${f}u) { return b0[u32(base) + k * ${d}u]; }
  return b1[u32(base) + (k - ${f}u) * ${d}u];`
      : `return b1[u32(base) + k * ${d}u];`;
  }
  const vectorLoad = (fn: string, base: string, k4: string): string =>
    `vec4<f32>(${[0, 1, 2, 3].map((c) => `${fn}(${base}, 4u * (${k4}) + ${c}u)`).join(', ')})`;
  const core = gemmCoreWgsl({
    tiling,
    depth,
    setupA,
    setupB,
    // `W_down^T` and `W_in^T` are read along their stored rows: coalesce across output columns.
    transposedB: mode !== 'pre-activation',
    loadA: (p, k4) => vectorLoad('a_at', `aBase${p}`, k4),
    loadB: (p, k4) => vectorLoad('b_at', `bBase${p}`, k4),
  });
  const stores = gemmStoresWgsl(tiling, {
    rowGuard: 'valid && row < rowEnd',
    columns: `${columns}u`,
    store: (value) => `out[row * ${columns}u + column] = ${value};`,
  });
  return /* wgsl */ `
${paramsStructWgsl}${bindingsWgsl(expertRowsGemmBindings)}
${gemmWorkgroupMemoryWgsl(tiling)}
var<private> expert: u32;
fn a_at(base: i32, k: u32) -> f32 {
  if (base < 0 || k >= ${depth}u) { return 0.0; }
  ${aElement}
}
fn b_at(base: i32, k: u32) -> f32 {
  if (base < 0 || k >= ${depth}u) { return 0.0; }
  ${bElement}
}
${tiledMainWgsl(threads)}
  let linear = wid.x + wid.y * groups.x;
  let rowTile = linear / ${columnTiles}u;
  let columnStart = (linear % ${columnTiles}u) * ${tiling.columns}u;
  let valid = rowTile < tiles[0];
  let tile = select(0u, rowTile, valid);
  expert = tiles[1u + 3u * tile];
  let rowStart = tiles[2u + 3u * tile];
  let rowEnd = select(rowStart, tiles[3u + 3u * tile], valid);
${core}
${stores}
}
`;
}

/** Column tiles of a row GEMM (its grid is row tiles x this). */
export function expertRowsGemmColumnTiles(
  mode: ExpertRowsGemmMode,
  shape: { d: number; f: number; gated: boolean },
  tiling: GemmTiling,
): number {
  return Math.ceil(expertRowsGemmShape(mode, shape).columns / tiling.columns);
}
