import {
  bindingsWgsl,
  type KernelBindings,
  operandElement,
  paramsBinding,
  read,
  weightOperandElement,
  write,
} from './bindings.wgsl.ts';
import { gemmCoreWgsl, gemmStoresWgsl, gemmWorkgroupMemoryWgsl, rowLoadWgsl } from './gemm-core.wgsl.ts';
import { type GemmTiling, gemmThreads } from './gemm-tiles.ts';
import { paramsStructWgsl, tiledMainWgsl } from './params.wgsl.ts';
import { planMetaLayout } from './plan-layout.ts';
import { type WeightDtype, weightElement, weightRowLoadWgsl } from './weight-load.wgsl.ts';

/**
 * The bindings of the second projection's kernels (`grouped-gemm-down` and `grouped-gemv-down`), shared for
 * the same reason as `upProjectionBindings`.
 */
export const downProjectionBindings = {
  params: paramsBinding,
  hidden: read(operandElement),
  wDown: read(weightOperandElement),
  rowSlot: read('i32'),
  slotWeight: read('f32'),
  planMeta: read('u32'),
  expertOut: write('f32'),
} as const satisfies KernelBindings;

export function downColumnTiles(d: number, tiling: GemmTiling): number {
  return Math.ceil(d / tiling.columns);
}

/**
 * Grouped GEMM over variable segments, down projection with the router weight in the epilogue:
 * `Y[row] = slotWeight[rowSlot[row]] * (W_down[e] hidden[row])`, expert-major `Y [N, d]`. Same tile loop,
 * indirect launch and masking as `grouped-gemm-up.wgsl.ts`; `hidden` is already expert-major, so no gather.
 */
export function groupedGemmDownWgsl(constants: {
  d: number;
  f: number;
  experts: number;
  maxTiles: number;
  tiling: GemmTiling;
  /** How the expert weights are stored (default float32). */
  weights?: WeightDtype;
}): string {
  const { d, f, tiling } = constants;
  const { threads } = gemmThreads(tiling);
  const layout = planMetaLayout(constants.experts, constants.maxTiles);
  const vectorised = f % 4 === 0;
  const rowElements = vectorised ? f / 4 : f;
  const element = vectorised ? 'vec4<f32>' : 'f32';
  const dtype = constants.weights ?? 'f32';
  const core = gemmCoreWgsl({
    tiling,
    depth: f,
    setupA: (p) =>
      `let aBase${p} = select(-1, i32((rowStart + aRow${p}) * ${rowElements}u), rowStart + aRow${p} < rowEnd);`,
    setupB: (p) => `let bColumn${p} = columnStart + bRow${p};
  let bBase${p} = select(-1, i32((expert * D + bColumn${p}) * ${rowElements}u), bColumn${p} < D);`,
    loadA: (p, k4) => `load_hidden(aBase${p}, ${k4})`,
    loadB: (p, k4) => `load_down(bBase${p}, ${k4})`,
  });
  // The router weight of the row's slot scales the expert output here, so `combine` only sums.
  const stores = gemmStoresWgsl(tiling, {
    rowGuard: 'row < rowEnd',
    columns: 'D',
    rowSetup: 'let weight = slotWeight[u32(rowSlot[row])];',
    store: (value) => `expertOut[row * D + column] = weight * ${value};`,
  });
  return /* wgsl */ `
const D: u32 = ${d}u;
const EXPERTS: u32 = ${constants.experts}u;
const TILE_M: u32 = ${tiling.rows}u;
const COLUMN_TILES: u32 = ${downColumnTiles(d, tiling)}u;
const TILE_OFFSET: u32 = ${layout.tileOffset}u;
const TILE_EXPERT: u32 = ${layout.tileExpert}u;
${paramsStructWgsl}${bindingsWgsl(downProjectionBindings, element, weightElement(dtype, vectorised))}
${gemmWorkgroupMemoryWgsl(tiling)}
${rowLoadWgsl('load_hidden', 'hidden', f, vectorised)}
${weightRowLoadWgsl('load_down', 'wDown', f, vectorised, dtype)}
${tiledMainWgsl(threads)}
  let linear = wid.x + wid.y * groups.x;
  let totalTiles = planMeta[TILE_OFFSET + EXPERTS];
  let rowTile = linear / COLUMN_TILES;
  let columnStart = (linear % COLUMN_TILES) * ${tiling.columns}u;
  let valid = rowTile < totalTiles;
  let tile = select(0u, rowTile, valid);
  let expert = planMeta[TILE_EXPERT + tile];
  let rowStart = planMeta[expert] + (tile - planMeta[TILE_OFFSET + expert]) * TILE_M;
  let rowEnd = select(0u, planMeta[expert + 1u], valid);
${core}
${stores}
}
`;
}
