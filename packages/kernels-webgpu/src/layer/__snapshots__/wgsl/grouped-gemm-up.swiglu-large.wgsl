
const F: u32 = 36u;
const EXPERTS: u32 = 7u;
const TILE_M: u32 = 128u;
const COLUMN_TILES: u32 = 2u;
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
@group(0) @binding(1) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> wGate: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> wUp: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> rowToken: array<i32>;
@group(0) @binding(5) var<storage, read> planMeta: array<u32>;
@group(0) @binding(6) var<storage, read_write> hidden: array<f32>;

var<workgroup> aTile: array<vec4<f32>, 640>;
var<workgroup> bTile: array<vec4<f32>, 320>;

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }
fn gelu_twice_inner(v: f32) -> f32 {
  let c = clamp(v, -20.0, 20.0);
  return 1.5957691216057308 * (c + 0.044715 * c * c * c);
}
fn gelu(v: f32) -> f32 { return v / (1.0 + exp(-gelu_twice_inner(v))); }


fn load_x(base: i32, k4: u32) -> vec4<f32> {
  if (base < 0 || k4 >= 5u) { return vec4<f32>(0.0); }
  return x[u32(base) + k4];
}

fn load_gate(base: i32, k4: u32) -> vec4<f32> {
  if (base < 0 || k4 >= 5u) { return vec4<f32>(0.0); }
  return wGate[u32(base) + k4];
}

fn load_up(base: i32, k4: u32) -> vec4<f32> {
  if (base < 0 || k4 >= 5u) { return vec4<f32>(0.0); }
  return wUp[u32(base) + k4];
}
fn load_b(up: bool, base: i32, k4: u32) -> vec4<f32> {
  if (up) { return load_up(base, k4); }
  return load_gate(base, k4);
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
  let scale = params.scalar0;
  let tx = local % 16u;
  let ty = local / 16u;
  let aRow0 = (local + 0u) / 4u;
  let aK0 = (local + 0u) % 4u;
  let aRowIndex0 = rowStart + aRow0;
  var aBase0 = -1;
  if (aRowIndex0 < rowEnd) { aBase0 = rowToken[aRowIndex0] * 5; }
  let aRow1 = (local + 256u) / 4u;
  let aK1 = (local + 256u) % 4u;
  let aRowIndex1 = rowStart + aRow1;
  var aBase1 = -1;
  if (aRowIndex1 < rowEnd) { aBase1 = rowToken[aRowIndex1] * 5; }
  let bRow0 = (local + 0u) / 4u;
  let bK0 = (local + 0u) % 4u;
  let bUp0 = bRow0 >= 32u;
  let bColumn0 = columnStart + bRow0 % 32u;
  let bBase0 = select(-1, i32((expert * F + bColumn0) * 5u), bColumn0 < F);
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
  var ra0 = load_x(aBase0, aK0);
  var ra1 = load_x(aBase1, aK1);
  var rb0 = load_b(bUp0, bBase0, bK0);
  for (var k4 = 0u; k4 < 5u; k4 += 4u) {
    aTile[aRow0 * 5u + aK0] = ra0;
    aTile[aRow1 * 5u + aK1] = ra1;
    bTile[bRow0 * 5u + bK0] = rb0;
    workgroupBarrier();
    let next = k4 + 4u;
    if (next < 5u) {
      ra0 = load_x(aBase0, next + aK0);
      ra1 = load_x(aBase1, next + aK1);
      rb0 = load_b(bUp0, bBase0, next + bK0);
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
  column = columnStart + tx + 0u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc0_0) * (scale * acc0_2); }
  column = columnStart + tx + 16u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc0_1) * (scale * acc0_3); }
  row = rowStart + ty + 16u;
  column = columnStart + tx + 0u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc1_0) * (scale * acc1_2); }
  column = columnStart + tx + 16u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc1_1) * (scale * acc1_3); }
  row = rowStart + ty + 32u;
  column = columnStart + tx + 0u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc2_0) * (scale * acc2_2); }
  column = columnStart + tx + 16u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc2_1) * (scale * acc2_3); }
  row = rowStart + ty + 48u;
  column = columnStart + tx + 0u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc3_0) * (scale * acc3_2); }
  column = columnStart + tx + 16u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc3_1) * (scale * acc3_3); }
  row = rowStart + ty + 64u;
  column = columnStart + tx + 0u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc4_0) * (scale * acc4_2); }
  column = columnStart + tx + 16u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc4_1) * (scale * acc4_3); }
  row = rowStart + ty + 80u;
  column = columnStart + tx + 0u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc5_0) * (scale * acc5_2); }
  column = columnStart + tx + 16u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc5_1) * (scale * acc5_3); }
  row = rowStart + ty + 96u;
  column = columnStart + tx + 0u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc6_0) * (scale * acc6_2); }
  column = columnStart + tx + 16u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc6_1) * (scale * acc6_3); }
  row = rowStart + ty + 112u;
  column = columnStart + tx + 0u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc7_0) * (scale * acc7_2); }
  column = columnStart + tx + 16u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc7_1) * (scale * acc7_3); }
}
