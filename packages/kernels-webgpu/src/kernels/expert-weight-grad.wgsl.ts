import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { gemmCoreWgsl, gemmStoresWgsl, gemmWorkgroupMemoryWgsl } from './gemm-core.wgsl.ts';
import { type GemmTiling, gemmThreads } from './gemm-tiles.ts';
import { paramsStructWgsl } from './params.wgsl.ts';

/**
 * The two weight gradients of the expert FFN, each a GEMM per expert whose reduction runs over that expert's
 * plan rows (a variable length, read from `expertOffset` on the device):
 * - `down`: `dW_down[e] = sum_r gy_{t_r} (w_r h_r)^T`, `[d, f]` (`hw` = router weight x hidden, from the
 *   activation backward);
 * - `in`: `dW_in[e] = sum_r dGU_r (s x_{t_r})^T`, `[inRows, d]` (gate rows, then up rows for SwiGLU).
 */
export type ExpertWeightGradMode = 'down' | 'in';

/** Output rows `M` and columns `N` of one expert's weight gradient. */
export function expertWeightGradShape(
  mode: ExpertWeightGradMode,
  shape: { d: number; f: number; gated: boolean },
): { rows: number; columns: number } {
  if (mode === 'down') return { rows: shape.d, columns: shape.f };
  return { rows: shape.gated ? 2 * shape.f : shape.f, columns: shape.d };
}

/** Workgroups along x (tiles of one expert's gradient); y is the expert. */
export function expertWeightGradTiles(
  mode: ExpertWeightGradMode,
  shape: { d: number; f: number; gated: boolean },
  tiling: GemmTiling,
): number {
  const { rows, columns } = expertWeightGradShape(mode, shape);
  return Math.ceil(rows / tiling.rows) * Math.ceil(columns / tiling.columns);
}

/** The bindings of `expert-weight-grad`, in order (see `KernelBindings`). */
export const expertWeightGradBindings = {
  params: paramsBinding,
  a: read('f32'),
  b: read('f32'),
  rowToken: read('i32'),
  expertOffset: read('u32'),
  out: write('f32'),
} as const satisfies KernelBindings;

/**
 * A weight-gradient GEMM on the shared tile loop with a per-workgroup reduction length (`depthVectors`):
 * workgroup `(x, y)` = (output tile, expert). Bindings: params (`scalar0` = expert input scale), `a` (gy or
 * dGU), `b` (hw or x), `rowToken`, `expertOffset [E + 1]`, `out [E, M, N]`. Both operands are read element
 * by element along plan rows (strided), with consecutive threads on consecutive tile rows so the reads
 * coalesce (`transposedA` / `transposedB`). An expert without rows writes zeros (its gradient). Fixed
 * summation order, no atomics: bit-stable.
 */
export function expertWeightGradWgsl(constants: {
  mode: ExpertWeightGradMode;
  d: number;
  f: number;
  gated: boolean;
  tiling: GemmTiling;
}): string {
  const { mode, d, f, tiling } = constants;
  const { threads } = gemmThreads(tiling);
  const { rows, columns } = expertWeightGradShape(mode, constants);
  const columnTiles = Math.ceil(columns / tiling.columns);
  // A(m, k) and B(n, k) for plan row `segment + k`.
  const aElement =
    mode === 'down'
      ? `a[u32(rowToken[segment + k]) * ${d}u + u32(m)]`
      : `a[(segment + k) * ${rows}u + u32(m)]`;
  const bElement =
    mode === 'down'
      ? `b[(segment + k) * ${f}u + u32(n)]`
      : `params.scalar0 * b[u32(rowToken[segment + k]) * ${d}u + u32(n)]`;
  const vectorLoad = (fn: string, index: string, k4: string): string =>
    `vec4<f32>(${[0, 1, 2, 3].map((c) => `${fn}(${index}, 4u * (${k4}) + ${c}u)`).join(', ')})`;
  const core = gemmCoreWgsl({
    tiling,
    depth: 0,
    depthVectors: 'depthVectors',
    // Both operands are rows of plan-row-major matrices (K = plan rows is the strided direction).
    transposedA: true,
    transposedB: true,
    setupA: (p) => `let aIndex${p} = select(-1, i32(rowStart + aRow${p}), rowStart + aRow${p} < ${rows}u);`,
    setupB: (p) =>
      `let bIndex${p} = select(-1, i32(columnStart + bRow${p}), columnStart + bRow${p} < ${columns}u);`,
    loadA: (p, k4) => vectorLoad('a_at', `aIndex${p}`, k4),
    loadB: (p, k4) => vectorLoad('b_at', `bIndex${p}`, k4),
  });
  const stores = gemmStoresWgsl(tiling, {
    rowGuard: `row < ${rows}u`,
    columns: `${columns}u`,
    store: (value) => `out[(expert * ${rows}u + row) * ${columns}u + column] = ${value};`,
  });
  return /* wgsl */ `
${paramsStructWgsl}${bindingsWgsl(expertWeightGradBindings)}
${gemmWorkgroupMemoryWgsl(tiling)}
var<private> segment: u32;
var<private> segmentRows: u32;
fn a_at(m: i32, k: u32) -> f32 {
  if (m < 0 || k >= segmentRows) { return 0.0; }
  return ${aElement};
}
fn b_at(n: i32, k: u32) -> f32 {
  if (n < 0 || k >= segmentRows) { return 0.0; }
  return ${bElement};
}
@compute @workgroup_size(${threads})
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_index) local: u32,
) {
  let expert = wid.y;
  let rowStart = (wid.x / ${columnTiles}u) * ${tiling.rows}u;
  let columnStart = (wid.x % ${columnTiles}u) * ${tiling.columns}u;
  segment = expertOffset[expert];
  segmentRows = expertOffset[expert + 1u] - segment;
  let depthVectors = (expertOffset[expert + 1u] - expertOffset[expert] + 3u) / 4u;
${core}
${stores}
}
`;
}
