
const D: u32 = 13u;
const EXPERTS: u32 = 7u;
const TILE_M: u32 = 32u;
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
@group(0) @binding(1) var<storage, read> hidden: array<f32>;
@group(0) @binding(2) var<storage, read> wDown: array<u32>;
@group(0) @binding(3) var<storage, read> rowSlot: array<i32>;
@group(0) @binding(4) var<storage, read> slotWeight: array<f32>;
@group(0) @binding(5) var<storage, read> planMeta: array<u32>;
@group(0) @binding(6) var<storage, read_write> expertOut: array<f32>;

var<workgroup> aTile: array<vec4<f32>, 288>;
var<workgroup> bTile: array<vec4<f32>, 288>;

fn load_hidden(base: i32, k4: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (base < 0) { return v; }
  let k = k4 * 4u;
  for (var c = 0u; c < 4u; c++) {
    if (k + c < 19u) { v[c] = hidden[u32(base) + k + c]; }
  }
  return v;
}

fn load_down(base: i32, k4: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (base < 0) { return v; }
  let k = k4 * 4u;
  for (var c = 0u; c < 4u; c++) {
    if (k + c < 19u) {
      let element = u32(base) + k + c;
      let pair = unpack2x16float(wDown[element >> 1u]);
      v[c] = select(pair.x, pair.y, (element & 1u) == 1u);
    }
  }
  return v;
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
  let columnStart = (linear % COLUMN_TILES) * 32u;
  let valid = rowTile < totalTiles;
  let tile = select(0u, rowTile, valid);
  let expert = planMeta[TILE_EXPERT + tile];
  let rowStart = planMeta[expert] + (tile - planMeta[TILE_OFFSET + expert]) * TILE_M;
  let rowEnd = select(0u, planMeta[expert + 1u], valid);
  let tx = local % 16u;
  let ty = local / 16u;
  let aRow0 = (local + 0u) / 8u;
  let aK0 = (local + 0u) % 8u;
  let aBase0 = select(-1, i32((rowStart + aRow0) * 19u), rowStart + aRow0 < rowEnd);
  let bRow0 = (local + 0u) / 8u;
  let bK0 = (local + 0u) % 8u;
  let bColumn0 = columnStart + bRow0;
  let bBase0 = select(-1, i32((expert * D + bColumn0) * 19u), bColumn0 < D);
  var acc0_0 = 0.0;
  var acc0_1 = 0.0;
  var acc1_0 = 0.0;
  var acc1_1 = 0.0;
  var ra0 = load_hidden(aBase0, aK0);
  var rb0 = load_down(bBase0, bK0);
  for (var k4 = 0u; k4 < 5u; k4 += 8u) {
    aTile[aRow0 * 9u + aK0] = ra0;
    bTile[bRow0 * 9u + bK0] = rb0;
    workgroupBarrier();
    let next = k4 + 8u;
    if (next < 5u) {
      ra0 = load_hidden(aBase0, next + aK0);
      rb0 = load_down(bBase0, next + bK0);
    }
    for (var kq = 0u; kq < 8u; kq++) {
      let a0 = aTile[(ty + 0u) * 9u + kq];
      let a1 = aTile[(ty + 16u) * 9u + kq];
      let b0 = bTile[(tx + 0u) * 9u + kq];
      let b1 = bTile[(tx + 16u) * 9u + kq];
      acc0_0 += dot(a0, b0);
      acc0_1 += dot(a0, b1);
      acc1_0 += dot(a1, b0);
      acc1_1 += dot(a1, b1);
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
  }
  row = rowStart + ty + 16u;
  if (row < rowEnd) {
    let weight = slotWeight[u32(rowSlot[row])];
    column = columnStart + tx + 0u;
    if (column < D) { expertOut[row * D + column] = weight * acc1_0; }
    column = columnStart + tx + 16u;
    if (column < D) { expertOut[row * D + column] = weight * acc1_1; }
  }
}
