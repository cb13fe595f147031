import { gemmTile } from './gemm-tiles.ts';
import { paramsStructWgsl } from './params.wgsl.ts';

/**
 * Dense `C [M, N] = A [M, K] B^T` (`B [N, K]`) with the grouped GEMMs' tiling, for the diagnostics only: the
 * MoE layer is judged against this dense GEMM of the same FLOPs on the same device (kernels.md §7.7). The
 * grid is `ceil(M / 32) x ceil(N / 32)` (x = column tiles). Reads `params.tokens` (M).
 */
export function denseGemmWgsl(constants: { n: number; k: number }): string {
  const { rows, columns, depth, threadsX, threadsY } = gemmTile;
  return /* wgsl */ `
const N: u32 = ${constants.n}u;
const K: u32 = ${constants.k}u;
const TILE_M: u32 = ${rows}u;
const TILE_N: u32 = ${columns}u;
const TILE_K: u32 = ${depth}u;
${paramsStructWgsl}
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
var<workgroup> aTile: array<f32, ${rows * depth}>;
var<workgroup> bTile: array<f32, ${columns * depth}>;
@compute @workgroup_size(${threadsX}, ${threadsY})
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
  @builtin(local_invocation_index) local: u32,
) {
  let rowStart = wid.y * TILE_M;
  let columnStart = wid.x * TILE_N;
  let m = params.tokens;
  var sum: array<f32, 4>;
  for (var k0 = 0u; k0 < K; k0 += TILE_K) {
    for (var part = 0u; part < ${(rows * depth) / (threadsX * threadsY)}u; part++) {
      let index = local + part * ${threadsX * threadsY}u;
      let r = index / TILE_K;
      let k = k0 + index % TILE_K;
      var av = 0.0;
      if (rowStart + r < m && k < K) { av = a[(rowStart + r) * K + k]; }
      aTile[index] = av;
      var bv = 0.0;
      if (columnStart + r < N && k < K) { bv = b[(columnStart + r) * K + k]; }
      bTile[index] = bv;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TILE_K; kk++) {
      for (var i = 0u; i < 2u; i++) {
        let av = aTile[(lid.y + i * ${threadsY}u) * TILE_K + kk];
        for (var j = 0u; j < 2u; j++) {
          sum[i * 2u + j] += av * bTile[(lid.x + j * ${threadsX}u) * TILE_K + kk];
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 2u; i++) {
    let row = rowStart + lid.y + i * ${threadsY}u;
    for (var j = 0u; j < 2u; j++) {
      let column = columnStart + lid.x + j * ${threadsX}u;
      if (row < m && column < N) { c[row * N + column] = sum[i * 2u + j]; }
    }
  }
}
`;
}
