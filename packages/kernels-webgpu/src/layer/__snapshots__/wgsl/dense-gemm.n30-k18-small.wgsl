
const N: u32 = 30u;

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
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

var<workgroup> aTile: array<vec4<f32>, 288>;
var<workgroup> bTile: array<vec4<f32>, 288>;

fn load_a(base: i32, k4: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (base < 0) { return v; }
  let k = k4 * 4u;
  for (var c = 0u; c < 4u; c++) {
    if (k + c < 18u) { v[c] = a[u32(base) + k + c]; }
  }
  return v;
}

fn load_b(base: i32, k4: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (base < 0) { return v; }
  let k = k4 * 4u;
  for (var c = 0u; c < 4u; c++) {
    if (k + c < 18u) { v[c] = b[u32(base) + k + c]; }
  }
  return v;
}
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  let rowStart = wid.y * 32u;
  let columnStart = wid.x * 32u;
  let m = params.tokens;
  let tx = local % 16u;
  let ty = local / 16u;
  let aRow0 = (local + 0u) / 8u;
  let aK0 = (local + 0u) % 8u;
  let aBase0 = select(-1, i32((rowStart + aRow0) * 18u), rowStart + aRow0 < m);
  let bRow0 = (local + 0u) / 8u;
  let bK0 = (local + 0u) % 8u;
  let bBase0 = select(-1, i32((columnStart + bRow0) * 18u), columnStart + bRow0 < N);
  var acc0_0 = 0.0;
  var acc0_1 = 0.0;
  var acc1_0 = 0.0;
  var acc1_1 = 0.0;
  var ra0 = load_a(aBase0, aK0);
  var rb0 = load_b(bBase0, bK0);
  for (var k4 = 0u; k4 < 5u; k4 += 8u) {
    aTile[aRow0 * 9u + aK0] = ra0;
    bTile[bRow0 * 9u + bK0] = rb0;
    workgroupBarrier();
    let next = k4 + 8u;
    if (next < 5u) {
      ra0 = load_a(aBase0, next + aK0);
      rb0 = load_b(bBase0, next + bK0);
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
  if (row < m) {
    column = columnStart + tx + 0u;
    if (column < N) { c[row * N + column] = acc0_0; }
    column = columnStart + tx + 16u;
    if (column < N) { c[row * N + column] = acc0_1; }
  }
  row = rowStart + ty + 16u;
  if (row < m) {
    column = columnStart + tx + 0u;
    if (column < N) { c[row * N + column] = acc1_0; }
    column = columnStart + tx + 16u;
    if (column < N) { c[row * N + column] = acc1_1; }
  }
}
