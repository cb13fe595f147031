
const D: u32 = 20u;
const EXPERTS: u32 = 7u;
const TILE_M: u32 = 128u;
const COLUMN_TILES: u32 = 1u;
const TILE_OFFSET: u32 = 8u;
const TILE_EXPERT: u32 = 16u;

struct Params {
  tokens: u32,
  count0: u32,
  count1: u32,
  count2: u32,
  scalar0: f32,
  scalar1: f32,
  pad0: f32,
  pad1: f32,
}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> hidden: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> wDown: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> rowSlot: array<i32>;
@group(0) @binding(4) var<storage, read> slotWeight: array<f32>;
@group(0) @binding(5) var<storage, read> planMeta: array<u32>;
@group(0) @binding(6) var<storage, read_write> expertOut: array<f32>;

var<workgroup> aTile: array<vec4<f32>, 640>;
var<workgroup> bTile: array<vec4<f32>, 320>;

fn load_hidden(base: i32, k4: u32) -> vec4<f32> {
  if (base < 0 || k4 >= 9u) { return vec4<f32>(0.0); }
  return hidden[u32(base) + k4];
}

fn load_down(base: i32, k4: u32) -> vec4<f32> {
  if (base < 0 || k4 >= 9u) { return vec4<f32>(0.0); }
  return wDown[u32(base) + k4];
}
@compute @workgroup_size(256)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) local: u32,
) {
  let linear = wid.x + wid.y * groups.x;
  let totalTiles = planMeta[TILE_OFFSET + EXPERTS];
  let rowTile = linear / COLUMN_TILES;
  let columnStart = (linear % COLUMN_TILES) * 64u;
  let valid = rowTile < totalTiles;
  let tile = select(0u, rowTile, valid);
  let expert = planMeta[TILE_EXPERT + tile];
  let rowStart = planMeta[expert] + (tile - planMeta[TILE_OFFSET + expert]) * TILE_M;
  let rowEnd = select(0u, planMeta[expert + 1u], valid);
  let tx = local % 16u;
  let ty = local / 16u;
  let aRow0 = (local + 0u) / 4u;
  let aK0 = (local + 0u) % 4u;
  let aBase0 = select(-1, i32((rowStart + aRow0) * 9u), rowStart + aRow0 < rowEnd);
  let aRow1 = (local + 256u) / 4u;
  let aK1 = (local + 256u) % 4u;
  let aBase1 = select(-1, i32((rowStart + aRow1) * 9u), rowStart + aRow1 < rowEnd);
  let bRow0 = (local + 0u) / 4u;
  let bK0 = (local + 0u) % 4u;
  let bColumn0 = columnStart + bRow0;
  let bBase0 = select(-1, i32((expert * D + bColumn0) * 9u), bColumn0 < D);
  var acc0_0 = 0.0;
  var acc0_1 = 0.0;
  var acc0_2 = 0.0;
  var acc0_3 = 0.0;
  var acc1_0 = 0.0;
  var acc1_1 = 0.0;
  var acc1_2 = 0.0;
  var acc1_3 = 0.0;
  var acc2_0 = 0.0;
  var acc2_1 = 0.0;
  var acc2_2 = 0.0;
  var acc2_3 = 0.0;
  var acc3_0 = 0.0;
  var acc3_1 = 0.0;
  var acc3_2 = 0.0;
  var acc3_3 = 0.0;
  var acc4_0 = 0.0;
  var acc4_1 = 0.0;
  var acc4_2 = 0.0;
  var acc4_3 = 0.0;
  var acc5_0 = 0.0;
  var acc5_1 = 0.0;
  var acc5_2 = 0.0;
  var acc5_3 = 0.0;
  var acc6_0 = 0.0;
  var acc6_1 = 0.0;
  var acc6_2 = 0.0;
  var acc6_3 = 0.0;
  var acc7_0 = 0.0;
  var acc7_1 = 0.0;
  var acc7_2 = 0.0;
  var acc7_3 = 0.0;
  var ra0 = load_hidden(aBase0, aK0);
  var ra1 = load_hidden(aBase1, aK1);
  var rb0 = load_down(bBase0, bK0);
  for (var k4 = 0u; k4 < 9u; k4 += 4u) {
    aTile[aRow0 * 5u + aK0] = ra0;
    aTile[aRow1 * 5u + aK1] = ra1;
    bTile[bRow0 * 5u + bK0] = rb0;
    workgroupBarrier();
    let next = k4 + 4u;
    if (next < 9u) {
      ra0 = load_hidden(aBase0, next + aK0);
      ra1 = load_hidden(aBase1, next + aK1);
      rb0 = load_down(bBase0, next + bK0);
    }
    for (var kq = 0u; kq < 4u; kq++) {
      let a0 = aTile[(ty + 0u) * 5u + kq];
      let a1 = aTile[(ty + 16u) * 5u + kq];
      let a2 = aTile[(ty + 32u) * 5u + kq];
      let a3 = aTile[(ty + 48u) * 5u + kq];
      let a4 = aTile[(ty + 64u) * 5u + kq];
      let a5 = aTile[(ty + 80u) * 5u + kq];
      let a6 = aTile[(ty + 96u) * 5u + kq];
      let a7 = aTile[(ty + 112u) * 5u + kq];
      let b0 = bTile[(tx + 0u) * 5u + kq];
      let b1 = bTile[(tx + 16u) * 5u + kq];
      let b2 = bTile[(tx + 32u) * 5u + kq];
      let b3 = bTile[(tx + 48u) * 5u + kq];
      acc0_0 += dot(a0, b0);
      acc0_1 += dot(a0, b1);
      acc0_2 += dot(a0, b2);
      acc0_3 += dot(a0, b3);
      acc1_0 += dot(a1, b0);
      acc1_1 += dot(a1, b1);
      acc1_2 += dot(a1, b2);
      acc1_3 += dot(a1, b3);
      acc2_0 += dot(a2, b0);
      acc2_1 += dot(a2, b1);
      acc2_2 += dot(a2, b2);
      acc2_3 += dot(a2, b3);
      acc3_0 += dot(a3, b0);
      acc3_1 += dot(a3, b1);
      acc3_2 += dot(a3, b2);
      acc3_3 += dot(a3, b3);
      acc4_0 += dot(a4, b0);
      acc4_1 += dot(a4, b1);
      acc4_2 += dot(a4, b2);
      acc4_3 += dot(a4, b3);
      acc5_0 += dot(a5, b0);
      acc5_1 += dot(a5, b1);
      acc5_2 += dot(a5, b2);
      acc5_3 += dot(a5, b3);
      acc6_0 += dot(a6, b0);
      acc6_1 += dot(a6, b1);
      acc6_2 += dot(a6, b2);
      acc6_3 += dot(a6, b3);
      acc7_0 += dot(a7, b0);
      acc7_1 += dot(a7, b1);
      acc7_2 += dot(a7, b2);
      acc7_3 += dot(a7, b3);
    }
    workgroupBarrier();
  }
  var row = 0u;
  var column = 0u;
  row = rowStart + ty + 0u;
  if (row < rowEnd) {
    let weight = slotWeight[u32(rowSlot[row])];
    column = columnStart + tx + 0u;
    if (column < D) { expertOut[row * D + column] = weight * acc0_0; }
    column = columnStart + tx + 16u;
    if (column < D) { expertOut[row * D + column] = weight * acc0_1; }
    column = columnStart + tx + 32u;
    if (column < D) { expertOut[row * D + column] = weight * acc0_2; }
    column = columnStart + tx + 48u;
    if (column < D) { expertOut[row * D + column] = weight * acc0_3; }
  }
  row = rowStart + ty + 16u;
  if (row < rowEnd) {
    let weight = slotWeight[u32(rowSlot[row])];
    column = columnStart + tx + 0u;
    if (column < D) { expertOut[row * D + column] = weight * acc1_0; }
    column = columnStart + tx + 16u;
    if (column < D) { expertOut[row * D + column] = weight * acc1_1; }
    column = columnStart + tx + 32u;
    if (column < D) { expertOut[row * D + column] = weight * acc1_2; }
    column = columnStart + tx + 48u;
    if (column < D) { expertOut[row * D + column] = weight * acc1_3; }
  }
  row = rowStart + ty + 32u;
  if (row < rowEnd) {
    let weight = slotWeight[u32(rowSlot[row])];
    column = columnStart + tx + 0u;
    if (column < D) { expertOut[row * D + column] = weight * acc2_0; }
    column = columnStart + tx + 16u;
    if (column < D) { expertOut[row * D + column] = weight * acc2_1; }
    column = columnStart + tx + 32u;
    if (column < D) { expertOut[row * D + column] = weight * acc2_2; }
    column = columnStart + tx + 48u;
    if (column < D) { expertOut[row * D + column] = weight * acc2_3; }
  }
  row = rowStart + ty + 48u;
  if (row < rowEnd) {
    let weight = slotWeight[u32(rowSlot[row])];
    column = columnStart + tx + 0u;
    if (column < D) { expertOut[row * D + column] = weight * acc3_0; }
    column = columnStart + tx + 16u;
    if (column < D) { expertOut[row * D + column] = weight * acc3_1; }
    column = columnStart + tx + 32u;
    if (column < D) { expertOut[row * D + column] = weight * acc3_2; }
    column = columnStart + tx + 48u;
    if (column < D) { expertOut[row * D + column] = weight * acc3_3; }
  }
  row = rowStart + ty + 64u;
  if (row < rowEnd) {
    let weight = slotWeight[u32(rowSlot[row])];
    column = columnStart + tx + 0u;
    if (column < D) { expertOut[row * D + column] = weight * acc4_0; }
    column = columnStart + tx + 16u;
    if (column < D) { expertOut[row * D + column] = weight * acc4_1; }
    column = columnStart + tx + 32u;
    if (column < D) { expertOut[row * D + column] = weight * acc4_2; }
    column = columnStart + tx + 48u;
    if (column < D) { expertOut[row * D + column] = weight * acc4_3; }
  }
  row = rowStart + ty + 80u;
  if (row < rowEnd) {
    let weight = slotWeight[u32(rowSlot[row])];
    column = columnStart + tx + 0u;
    if (column < D) { expertOut[row * D + column] = weight * acc5_0; }
    column = columnStart + tx + 16u;
    if (column < D) { expertOut[row * D + column] = weight * acc5_1; }
    column = columnStart + tx + 32u;
    if (column < D) { expertOut[row * D + column] = weight * acc5_2; }
    column = columnStart + tx + 48u;
    if (column < D) { expertOut[row * D + column] = weight * acc5_3; }
  }
  row = rowStart + ty + 96u;
  if (row < rowEnd) {
    let weight = slotWeight[u32(rowSlot[row])];
    column = columnStart + tx + 0u;
    if (column < D) { expertOut[row * D + column] = weight * acc6_0; }
    column = columnStart + tx + 16u;
    if (column < D) { expertOut[row * D + column] = weight * acc6_1; }
    column = columnStart + tx + 32u;
    if (column < D) { expertOut[row * D + column] = weight * acc6_2; }
    column = columnStart + tx + 48u;
    if (column < D) { expertOut[row * D + column] = weight * acc6_3; }
  }
  row = rowStart + ty + 112u;
  if (row < rowEnd) {
    let weight = slotWeight[u32(rowSlot[row])];
    column = columnStart + tx + 0u;
    if (column < D) { expertOut[row * D + column] = weight * acc7_0; }
    column = columnStart + tx + 16u;
    if (column < D) { expertOut[row * D + column] = weight * acc7_1; }
    column = columnStart + tx + 32u;
    if (column < D) { expertOut[row * D + column] = weight * acc7_2; }
    column = columnStart + tx + 48u;
    if (column < D) { expertOut[row * D + column] = weight * acc7_3; }
  }
}
