

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
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> rowToken: array<i32>;
@group(0) @binding(4) var<storage, read> expertOffset: array<u32>;
@group(0) @binding(5) var<storage, read_write> out: array<f32>;

var<workgroup> aTile: array<vec4<f32>, 320>;
var<workgroup> bTile: array<vec4<f32>, 320>;
var<private> segment: u32;
var<private> segmentRows: u32;
fn a_at(m: i32, k: u32) -> f32 {
  if (m < 0 || k >= segmentRows) { return 0.0; }
  return a[u32(rowToken[segment + k]) * 64u + u32(m)];
}
fn b_at(n: i32, k: u32) -> f32 {
  if (n < 0 || k >= segmentRows) { return 0.0; }
  return b[(segment + k) * 128u + u32(n)];
}
@compute @workgroup_size(256)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_index) local: u32,
) {
  let expert = wid.y;
  let rowStart = (wid.x / 2u) * 64u;
  let columnStart = (wid.x % 2u) * 64u;
  segment = expertOffset[expert];
  segmentRows = expertOffset[expert + 1u] - segment;
  let depthVectors = (expertOffset[expert + 1u] - expertOffset[expert] + 3u) / 4u;
  let tx = local % 16u;
  let ty = local / 16u;
  let aRow0 = (local + 0u) % 64u;
  let aK0 = (local + 0u) / 64u;
  let aIndex0 = select(-1, i32(rowStart + aRow0), rowStart + aRow0 < 64u);
  let bRow0 = (local + 0u) % 64u;
  let bK0 = (local + 0u) / 64u;
  let bIndex0 = select(-1, i32(columnStart + bRow0), columnStart + bRow0 < 128u);
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
  var ra0 = vec4<f32>(a_at(aIndex0, 4u * (aK0) + 0u), a_at(aIndex0, 4u * (aK0) + 1u), a_at(aIndex0, 4u * (aK0) + 2u), a_at(aIndex0, 4u * (aK0) + 3u));
  var rb0 = vec4<f32>(b_at(bIndex0, 4u * (bK0) + 0u), b_at(bIndex0, 4u * (bK0) + 1u), b_at(bIndex0, 4u * (bK0) + 2u), b_at(bIndex0, 4u * (bK0) + 3u));
  for (var k4 = 0u; k4 < depthVectors; k4 += 4u) {
    aTile[aRow0 * 5u + aK0] = ra0;
    bTile[bRow0 * 5u + bK0] = rb0;
    workgroupBarrier();
    let next = k4 + 4u;
    if (next < depthVectors) {
      ra0 = vec4<f32>(a_at(aIndex0, 4u * (next + aK0) + 0u), a_at(aIndex0, 4u * (next + aK0) + 1u), a_at(aIndex0, 4u * (next + aK0) + 2u), a_at(aIndex0, 4u * (next + aK0) + 3u));
      rb0 = vec4<f32>(b_at(bIndex0, 4u * (next + bK0) + 0u), b_at(bIndex0, 4u * (next + bK0) + 1u), b_at(bIndex0, 4u * (next + bK0) + 2u), b_at(bIndex0, 4u * (next + bK0) + 3u));
    }
    for (var kq = 0u; kq < 4u; kq++) {
      let a0 = aTile[(ty + 0u) * 5u + kq];
      let a1 = aTile[(ty + 16u) * 5u + kq];
      let a2 = aTile[(ty + 32u) * 5u + kq];
      let a3 = aTile[(ty + 48u) * 5u + kq];
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
    }
    workgroupBarrier();
  }
  var row = 0u;
  var column = 0u;
  row = rowStart + ty + 0u;
  if (row < 64u) {
    column = columnStart + tx + 0u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc0_0; }
    column = columnStart + tx + 16u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc0_1; }
    column = columnStart + tx + 32u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc0_2; }
    column = columnStart + tx + 48u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc0_3; }
  }
  row = rowStart + ty + 16u;
  if (row < 64u) {
    column = columnStart + tx + 0u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc1_0; }
    column = columnStart + tx + 16u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc1_1; }
    column = columnStart + tx + 32u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc1_2; }
    column = columnStart + tx + 48u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc1_3; }
  }
  row = rowStart + ty + 32u;
  if (row < 64u) {
    column = columnStart + tx + 0u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc2_0; }
    column = columnStart + tx + 16u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc2_1; }
    column = columnStart + tx + 32u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc2_2; }
    column = columnStart + tx + 48u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc2_3; }
  }
  row = rowStart + ty + 48u;
  if (row < 64u) {
    column = columnStart + tx + 0u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc3_0; }
    column = columnStart + tx + 16u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc3_1; }
    column = columnStart + tx + 32u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc3_2; }
    column = columnStart + tx + 48u;
    if (column < 128u) { out[(expert * 64u + row) * 128u + column] = acc3_3; }
  }
}
