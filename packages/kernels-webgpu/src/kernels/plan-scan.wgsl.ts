import { maxWorkgroupsPerDimension } from '../gpu/gpu-constants.ts';
import { bindingsWgsl, type KernelBindings, paramsBinding, write } from './bindings.wgsl.ts';
import { paramsStructWgsl } from './params.wgsl.ts';
import { planBlockTokens } from './plan-count.wgsl.ts';
import { planMetaLayout } from './plan-layout.ts';

/** Threads of the single plan-scan workgroup. */
export const planScanThreads = 256;

/** The bindings of `plan-scan`, in order (see `KernelBindings`). */
export const planScanBindings = {
  params: paramsBinding,
  blockCounts: write('u32'),
  planMeta: write('u32'),
  dispatchArgs: write('u32'),
} as const satisfies KernelBindings;

/**
 * Plan step 2 of 3, one workgroup: turns the block histogram into each block's first row per expert
 * (column-wise exclusive scan plus the expert's offset), writes `expertOffset`, `tileOffset`, `tileExpert`
 * and the indirect dispatch arguments of both grouped GEMMs (`[x, y, 1]` each, folded into y past 65,535
 * workgroups). Everything stays on the device: the GEMMs are sized by this kernel, not by the host.
 * Reads `params.tokens`.
 */
export function planScanWgsl(constants: {
  experts: number;
  maxTiles: number;
  tileRows: number;
  upColumnTiles: number;
  downColumnTiles: number;
}): string {
  const layout = planMetaLayout(constants.experts, constants.maxTiles);
  return /* wgsl */ `
const EXPERTS: u32 = ${constants.experts}u;
const BLOCK: u32 = ${planBlockTokens}u;
const TILE_M: u32 = ${constants.tileRows}u;
const TILE_OFFSET: u32 = ${layout.tileOffset}u;
const TILE_EXPERT: u32 = ${layout.tileExpert}u;
const UP_COLUMN_TILES: u32 = ${constants.upColumnTiles}u;
const DOWN_COLUMN_TILES: u32 = ${constants.downColumnTiles}u;
const FOLD: u32 = ${maxWorkgroupsPerDimension}u;
${paramsStructWgsl}${bindingsWgsl(planScanBindings)}

fn write_grid(offset: u32, groups: u32) {
  dispatchArgs[offset] = min(groups, FOLD);
  dispatchArgs[offset + 1u] = select(1u, (groups + FOLD - 1u) / FOLD, groups > 0u);
  dispatchArgs[offset + 2u] = 1u;
}

@compute @workgroup_size(${planScanThreads})
fn main(@builtin(local_invocation_id) lid: vec3<u32>) {
  let blocks = (params.tokens + BLOCK - 1u) / BLOCK;
  for (var e = lid.x; e < EXPERTS; e += ${planScanThreads}u) {
    var running = 0u;
    for (var b = 0u; b < blocks; b++) {
      let count = blockCounts[b * EXPERTS + e];
      blockCounts[b * EXPERTS + e] = running;
      running += count;
    }
    planMeta[e + 1u] = running;
  }
  storageBarrier();
  workgroupBarrier();
  if (lid.x == 0u) {
    planMeta[0] = 0u;
    planMeta[TILE_OFFSET] = 0u;
    var tiles = 0u;
    for (var e = 0u; e < EXPERTS; e++) {
      let count = planMeta[e + 1u];
      planMeta[e + 1u] = planMeta[e] + count;
      let expertTiles = (count + TILE_M - 1u) / TILE_M;
      for (var i = 0u; i < expertTiles; i++) { planMeta[TILE_EXPERT + tiles + i] = e; }
      tiles += expertTiles;
      planMeta[TILE_OFFSET + e + 1u] = tiles;
    }
    write_grid(0u, tiles * UP_COLUMN_TILES);
    write_grid(3u, tiles * DOWN_COLUMN_TILES);
  }
  storageBarrier();
  workgroupBarrier();
  for (var e = lid.x; e < EXPERTS; e += ${planScanThreads}u) {
    let base = planMeta[e];
    for (var b = 0u; b < blocks; b++) { blockCounts[b * EXPERTS + e] += base; }
  }
}
`;
}
