

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
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b0: array<f32>;
@group(0) @binding(3) var<storage, read> b1: array<f32>;
@group(0) @binding(4) var<storage, read> rowToken: array<i32>;
@group(0) @binding(5) var<storage, read> tiles: array<u32>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;

var<workgroup> aTile: array<vec4<f32>, 288>;
var<workgroup> bTile: array<vec4<f32>, 288>;
var<private> expert: u32;
fn a_at(base: i32, k: u32) -> f32 {
  if (base < 0 || k >= 72u) { return 0.0; }
  return a[u32(base) + k];
}
fn b_at(base: i32, k: u32) -> f32 {
  if (base < 0 || k >= 72u) { return 0.0; }
  if (k < 36u) { return b0[u32(base) + k * 20u]; }
  return b1[u32(base) + (k - 36u) * 20u];
}
@compute @workgroup_size(256)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) local: u32,
) {
  let linear = wid.x + wid.y * groups.x;
  let rowTile = linear / 1u;
  let columnStart = (linear % 1u) * 32u;
  let valid = rowTile < tiles[0];
  let tile = select(0u, rowTile, valid);
  expert = tiles[1u + 3u * tile];
  let rowStart = tiles[2u + 3u * tile];
  let rowEnd = select(rowStart, tiles[3u + 3u * tile], valid);
  let tx = local % 16u;
  let ty = local / 16u;
  let aRow0 = (local + 0u) / 8u;
  let aK0 = (local + 0u) % 8u;
  let aBase0 = select(-1, i32((rowStart + aRow0) * 72u), rowStart + aRow0 < rowEnd);
  let bRow0 = (local + 0u) % 32u;
  let bK0 = (local + 0u) / 32u;
  let bColumn0 = columnStart + bRow0;
  let bBase0 = select(-1, i32(expert * 720u + bColumn0), bColumn0 < 20u);
  var acc0_0 = 0.0;
  var acc0_1 = 0.0;
  var acc1_0 = 0.0;
  var acc1_1 = 0.0;
  var ra0 = vec4<f32>(a_at(aBase0, 4u * (aK0) + 0u), a_at(aBase0, 4u * (aK0) + 1u), a_at(aBase0, 4u * (aK0) + 2u), a_at(aBase0, 4u * (aK0) + 3u));
  var rb0 = vec4<f32>(b_at(bBase0, 4u * (bK0) + 0u), b_at(bBase0, 4u * (bK0) + 1u), b_at(bBase0, 4u * (bK0) + 2u), b_at(bBase0, 4u * (bK0) + 3u));
  for (var k4 = 0u; k4 < 18u; k4 += 8u) {
    aTile[aRow0 * 9u + aK0] = ra0;
    bTile[bRow0 * 9u + bK0] = rb0;
    workgroupBarrier();
    let next = k4 + 8u;
    if (next < 18u) {
      ra0 = vec4<f32>(a_at(aBase0, 4u * (next + aK0) + 0u), a_at(aBase0, 4u * (next + aK0) + 1u), a_at(aBase0, 4u * (next + aK0) + 2u), a_at(aBase0, 4u * (next + aK0) + 3u));
      rb0 = vec4<f32>(b_at(bBase0, 4u * (next + bK0) + 0u), b_at(bBase0, 4u * (next + bK0) + 1u), b_at(bBase0, 4u * (next + bK0) + 2u), b_at(bBase0, 4u * (next + bK0) + 3u));
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
  if (valid && row < rowEnd) {
    column = columnStart + tx + 0u;
    if (column < 20u) { out[row * 20u + column] = acc0_0; }
    column = columnStart + tx + 16u;
    if (column < 20u) { out[row * 20u + column] = acc0_1; }
  }
  row = rowStart + ty + 16u;
  if (valid && row < rowEnd) {
    column = columnStart + tx + 0u;
    if (column < 20u) { out[row * 20u + column] = acc1_0; }
    column = columnStart + tx + 16u;
    if (column < 20u) { out[row * 20u + column] = acc1_1; }
  }
}
