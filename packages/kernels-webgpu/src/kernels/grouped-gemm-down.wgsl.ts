import { gemmTile } from './gemm-tiles.ts';
import { paramsStructWgsl } from './params.wgsl.ts';
import { planMetaLayout } from './plan-layout.ts';

/**
 * Grouped GEMM over variable segments, down projection with the router weight in the epilogue:
 * `Y[row] = slotWeight[rowSlot[row]] * (W_down[e] hidden[row])`, expert-major `Y [N, d]`. Same tiling,
 * indirect launch and masking as `grouped-gemm-up.wgsl.ts`; `hidden` is already expert-major, so no gather.
 */
export function groupedGemmDownWgsl(constants: {
  d: number;
  f: number;
  experts: number;
  maxTiles: number;
}): string {
  const { rows, columns, depth, threadsX, threadsY } = gemmTile;
  const layout = planMetaLayout(constants.experts, constants.maxTiles);
  return /* wgsl */ `
const D: u32 = ${constants.d}u;
const F: u32 = ${constants.f}u;
const EXPERTS: u32 = ${constants.experts}u;
const TILE_M: u32 = ${rows}u;
const TILE_N: u32 = ${columns}u;
const TILE_K: u32 = ${depth}u;
const COLUMN_TILES: u32 = ${Math.ceil(constants.d / columns)}u;
const TILE_OFFSET: u32 = ${layout.tileOffset}u;
const TILE_EXPERT: u32 = ${layout.tileExpert}u;
${paramsStructWgsl}
@group(0) @binding(1) var<storage, read> hidden: array<f32>;
@group(0) @binding(2) var<storage, read> wDown: array<f32>;
@group(0) @binding(3) var<storage, read> rowSlot: array<i32>;
@group(0) @binding(4) var<storage, read> slotWeight: array<f32>;
@group(0) @binding(5) var<storage, read> planMeta: array<u32>;
@group(0) @binding(6) var<storage, read_write> expertOut: array<f32>;
var<workgroup> aTile: array<f32, ${rows * depth}>;
var<workgroup> bTile: array<f32, ${columns * depth}>;
@compute @workgroup_size(${threadsX}, ${threadsY})
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
  @builtin(local_invocation_index) local: u32,
) {
  let linear = wid.x + wid.y * groups.x;
  let totalTiles = planMeta[TILE_OFFSET + EXPERTS];
  let rowTile = linear / COLUMN_TILES;
  let columnTile = linear % COLUMN_TILES;
  let valid = rowTile < totalTiles;
  let tile = select(0u, rowTile, valid);
  let expert = planMeta[TILE_EXPERT + tile];
  let rowStart = planMeta[expert] + (tile - planMeta[TILE_OFFSET + expert]) * TILE_M;
  let rowEnd = select(0u, planMeta[expert + 1u], valid);
  var sum: array<f32, 4>;
  for (var k0 = 0u; k0 < F; k0 += TILE_K) {
    for (var part = 0u; part < ${(rows * depth) / (threadsX * threadsY)}u; part++) {
      let index = local + part * ${threadsX * threadsY}u;
      let r = index / TILE_K;
      let k = k0 + index % TILE_K;
      let row = rowStart + r;
      var a = 0.0;
      if (row < rowEnd && k < F) { a = hidden[row * F + k]; }
      aTile[index] = a;
      let n = columnTile * TILE_N + r;
      var b = 0.0;
      if (n < D && k < F) { b = wDown[(expert * D + n) * F + k]; }
      bTile[index] = b;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TILE_K; kk++) {
      for (var i = 0u; i < 2u; i++) {
        let a = aTile[(lid.y + i * ${threadsY}u) * TILE_K + kk];
        for (var j = 0u; j < 2u; j++) {
          sum[i * 2u + j] += a * bTile[(lid.x + j * ${threadsX}u) * TILE_K + kk];
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 2u; i++) {
    let row = rowStart + lid.y + i * ${threadsY}u;
    if (row >= rowEnd) { continue; }
    let weight = slotWeight[u32(rowSlot[row])];
    for (var j = 0u; j < 2u; j++) {
      let n = columnTile * TILE_N + lid.x + j * ${threadsX}u;
      if (n < D) { expertOut[row * D + n] = weight * sum[i * 2u + j]; }
    }
  }
}
`;
}
