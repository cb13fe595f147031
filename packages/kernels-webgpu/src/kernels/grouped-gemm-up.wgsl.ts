import type { ExpertKindV1 } from '@anyk/core';
import { activationsWgsl } from './activations.wgsl.ts';
import {
  bindingsWgsl,
  type KernelBindings,
  operandElement,
  paramsBinding,
  read,
  weightOperandElement,
  write,
} from './bindings.wgsl.ts';
import { accumulator, gemmCoreWgsl, gemmWorkgroupMemoryWgsl, rowLoadWgsl } from './gemm-core.wgsl.ts';
import { type GemmTiling, gemmThreads } from './gemm-tiles.ts';
import { paramsStructWgsl, tiledMainWgsl } from './params.wgsl.ts';
import { planMetaLayout } from './plan-layout.ts';
import { type WeightDtype, weightElement, weightRowLoadWgsl } from './weight-load.wgsl.ts';

/**
 * The bindings of the first projection's kernels (`grouped-gemm-up` and its decode twin `grouped-gemv-up`):
 * one declaration, because `encodeLayer` binds the same buffers to whichever kernel runs. The operands are
 * `vec4<f32>` when the reduction length is a multiple of 4, `f32` otherwise (`operandElement`); the weights
 * are float32 or packed 16-bit words (`weightOperandElement`, `weight-load.wgsl.ts`).
 */
export const upProjectionBindings = {
  params: paramsBinding,
  x: read(operandElement),
  wGate: read(weightOperandElement),
  wUp: read(weightOperandElement),
  rowToken: read('i32'),
  planMeta: read('u32'),
  hidden: write('f32'),
} as const satisfies KernelBindings;

/**
 * Column tiles of the first projection: a SwiGLU tile holds `tiling.columns / 2` gate and as many up columns
 * (the same hidden units), so gate and up share the A tile and meet in registers for the epilogue.
 */
export function upColumnTiles(f: number, expert: ExpertKindV1, tiling: GemmTiling): number {
  return Math.ceil(f / (expert.kind === 'swiglu' ? tiling.columns / 2 : tiling.columns));
}

/**
 * Grouped GEMM over variable segments, first projection: `hidden[row] = act(s W_gate[e] x_t) * (s W_up[e] x_t)`
 * (SwiGLU) or `act(s W_up[e] x_t)` (SiLU / GELU MLP), for every plan row (token `t = rowToken[row]`, expert
 * `e` of its tile, `s = params.scalar0`, the MoE++ expert input scale, 1 otherwise). Rows are gathered
 * through `rowToken` straight into the A tile (no permuted copy of x). For SwiGLU the B tile stacks
 * `columns / 2` gate rows over the same up rows, so a thread's first half of columns are gates and its second
 * half the matching ups. Launched with `dispatchWorkgroupsIndirect` on the arguments the plan scan wrote;
 * workgroup id -> (row tile, column tile), row tile -> expert through `tileExpert`. Workgroups past the
 * device-side tile count (only in a folded grid) mask every row instead of returning, which keeps all
 * barriers in uniform control flow.
 */
export function groupedGemmUpWgsl(constants: {
  d: number;
  f: number;
  experts: number;
  maxTiles: number;
  expert: ExpertKindV1;
  tiling: GemmTiling;
  /** How the expert weights are stored (default float32). */
  weights?: WeightDtype;
}): string {
  const { d, f, tiling } = constants;
  const { threadsX, threadsY, threads } = gemmThreads(tiling);
  const layout = planMetaLayout(constants.experts, constants.maxTiles);
  const gated = constants.expert.kind === 'swiglu';
  const activation =
    constants.expert.kind === 'mlp' && constants.expert.activation === 'gelu' ? 'gelu' : 'silu';
  const vectorised = d % 4 === 0;
  const rowElements = vectorised ? d / 4 : d;
  const element = vectorised ? 'vec4<f32>' : 'f32';
  const dtype = constants.weights ?? 'f32';
  const tileColumns = gated ? tiling.columns / 2 : tiling.columns;
  const core = gemmCoreWgsl({
    tiling,
    depth: d,
    setupA: (p) => `let aRowIndex${p} = rowStart + aRow${p};
  var aBase${p} = -1;
  if (aRowIndex${p} < rowEnd) { aBase${p} = rowToken[aRowIndex${p}] * ${rowElements}; }`,
    setupB: (p) =>
      gated
        ? `let bUp${p} = bRow${p} >= ${tileColumns}u;
  let bColumn${p} = columnStart + bRow${p} % ${tileColumns}u;
  let bBase${p} = select(-1, i32((expert * F + bColumn${p}) * ${rowElements}u), bColumn${p} < F);`
        : `let bColumn${p} = columnStart + bRow${p};
  let bBase${p} = select(-1, i32((expert * F + bColumn${p}) * ${rowElements}u), bColumn${p} < F);`,
    loadA: (p, k4) => `load_x(aBase${p}, ${k4})`,
    loadB: (p, k4) => (gated ? `load_b(bUp${p}, bBase${p}, ${k4})` : `load_up(bBase${p}, ${k4})`),
  });
  const stores: string[] = [];
  const outputColumns = gated ? tiling.columnsPerThread / 2 : tiling.columnsPerThread;
  for (let i = 0; i < tiling.rowsPerThread; i++) {
    stores.push(`row = rowStart + ty + ${i * threadsY}u;`);
    for (let j = 0; j < outputColumns; j++) {
      const value = gated
        ? `silu(scale * ${accumulator(i, j)}) * (scale * ${accumulator(i, j + outputColumns)})`
        : `${activation}(scale * ${accumulator(i, j)})`;
      stores.push(`column = columnStart + tx + ${j * threadsX}u;`);
      stores.push(`if (row < rowEnd && column < F) { hidden[row * F + column] = ${value}; }`);
    }
  }
  return /* wgsl */ `
const F: u32 = ${f}u;
const EXPERTS: u32 = ${constants.experts}u;
const TILE_M: u32 = ${tiling.rows}u;
const COLUMN_TILES: u32 = ${upColumnTiles(f, constants.expert, tiling)}u;
const TILE_OFFSET: u32 = ${layout.tileOffset}u;
const TILE_EXPERT: u32 = ${layout.tileExpert}u;
${paramsStructWgsl}${bindingsWgsl(upProjectionBindings, element, weightElement(dtype, vectorised))}
${gemmWorkgroupMemoryWgsl(tiling)}
${activationsWgsl}
${rowLoadWgsl('load_x', 'x', d, vectorised)}
${weightRowLoadWgsl('load_gate', 'wGate', d, vectorised, dtype)}
${weightRowLoadWgsl('load_up', 'wUp', d, vectorised, dtype)}
fn load_b(up: bool, base: i32, k4: u32) -> vec4<f32> {
  if (up) { return load_up(base, k4); }
  return load_gate(base, k4);
}
${tiledMainWgsl(threads)}
  let linear = wid.x + wid.y * groups.x;
  let totalTiles = planMeta[TILE_OFFSET + EXPERTS];
  let rowTile = linear / COLUMN_TILES;
  let columnStart = (linear % COLUMN_TILES) * ${tileColumns}u;
  let valid = rowTile < totalTiles;
  let tile = select(0u, rowTile, valid);
  let expert = planMeta[TILE_EXPERT + tile];
  let rowStart = planMeta[expert] + (tile - planMeta[TILE_OFFSET + expert]) * TILE_M;
  let rowEnd = select(0u, planMeta[expert + 1u], valid);
  let scale = params.scalar0;
${core}
  var row = 0u;
  var column = 0u;
  ${stores.join('\n  ')}
}
`;
}
