import type { ExpertKindV1 } from '@anyk/core';
import { activationsWgsl } from './activations.wgsl.ts';
import { gemmTile } from './gemm-tiles.ts';
import { paramsStructWgsl } from './params.wgsl.ts';
import { planMetaLayout } from './plan-layout.ts';

/**
 * Grouped GEMM over variable segments, first projection: `hidden[row] = act(W_gate[e] x_t) * (W_up[e] x_t)`
 * (SwiGLU) or `act(W_up[e] x_t)` (SiLU / GELU MLP), for every plan row (token `t = rowToken[row]`, expert
 * `e` of its tile). Rows are gathered through `rowToken` into workgroup memory (no permuted copy of x).
 * Launched with `dispatchWorkgroupsIndirect` on the arguments the plan scan wrote; workgroup id -> (row tile,
 * column tile), row tile -> expert through `tileExpert`. Workgroups past the device-side tile count (only in
 * a folded grid) mask every row instead of returning, which keeps all barriers in uniform control flow.
 * Reads `params.scalar0` (the MoE++ expert input scale, 1 otherwise).
 */
export function groupedGemmUpWgsl(constants: {
  d: number;
  f: number;
  experts: number;
  maxTiles: number;
  expert: ExpertKindV1;
}): string {
  const { rows, columns, depth, threadsX, threadsY } = gemmTile;
  const layout = planMetaLayout(constants.experts, constants.maxTiles);
  const gated = constants.expert.kind === 'swiglu';
  const epilogue = gated
    ? 'silu(gateSum[i * 2u + j]) * upSum[i * 2u + j]'
    : `${constants.expert.kind === 'mlp' && constants.expert.activation === 'gelu' ? 'gelu' : 'silu'}(upSum[i * 2u + j])`;
  return /* wgsl */ `
const D: u32 = ${constants.d}u;
const F: u32 = ${constants.f}u;
const EXPERTS: u32 = ${constants.experts}u;
const TILE_M: u32 = ${rows}u;
const TILE_N: u32 = ${columns}u;
const TILE_K: u32 = ${depth}u;
const COLUMN_TILES: u32 = ${Math.ceil(constants.f / columns)}u;
const TILE_OFFSET: u32 = ${layout.tileOffset}u;
const TILE_EXPERT: u32 = ${layout.tileExpert}u;
${paramsStructWgsl}
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> wGate: array<f32>;
@group(0) @binding(3) var<storage, read> wUp: array<f32>;
@group(0) @binding(4) var<storage, read> rowToken: array<i32>;
@group(0) @binding(5) var<storage, read> planMeta: array<u32>;
@group(0) @binding(6) var<storage, read_write> hidden: array<f32>;
var<workgroup> aTile: array<f32, ${rows * depth}>;
var<workgroup> gateTile: array<f32, ${columns * depth}>;
var<workgroup> upTile: array<f32, ${columns * depth}>;
var<workgroup> tileTokens: array<i32, ${rows}>;
${activationsWgsl}
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
  if (local < TILE_M) {
    let row = rowStart + local;
    var token = -1;
    if (row < rowEnd) { token = rowToken[row]; }
    tileTokens[local] = token;
  }
  workgroupBarrier();
  var gateSum: array<f32, 4>;
  var upSum: array<f32, 4>;
  for (var k0 = 0u; k0 < D; k0 += TILE_K) {
    for (var part = 0u; part < ${(rows * depth) / (threadsX * threadsY)}u; part++) {
      let index = local + part * ${threadsX * threadsY}u;
      let r = index / TILE_K;
      let k = k0 + index % TILE_K;
      let token = tileTokens[r];
      var a = 0.0;
      if (token >= 0 && k < D) { a = x[u32(token) * D + k] * params.scalar0; }
      aTile[index] = a;
      let n = columnTile * TILE_N + r;
      var g = 0.0;
      var u = 0.0;
      if (n < F && k < D) {
        let w = (expert * F + n) * D + k;
        ${gated ? 'g = wGate[w];' : ''}
        u = wUp[w];
      }
      gateTile[index] = g;
      upTile[index] = u;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TILE_K; kk++) {
      for (var i = 0u; i < 2u; i++) {
        let a = aTile[(lid.y + i * ${threadsY}u) * TILE_K + kk];
        for (var j = 0u; j < 2u; j++) {
          let b = (lid.x + j * ${threadsX}u) * TILE_K + kk;
          ${gated ? 'gateSum[i * 2u + j] += a * gateTile[b];' : ''}
          upSum[i * 2u + j] += a * upTile[b];
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 2u; i++) {
    let row = rowStart + lid.y + i * ${threadsY}u;
    for (var j = 0u; j < 2u; j++) {
      let n = columnTile * TILE_N + lid.x + j * ${threadsX}u;
      if (row < rowEnd && n < F) { hidden[row * F + n] = ${epilogue}; }
    }
  }
}
`;
}
