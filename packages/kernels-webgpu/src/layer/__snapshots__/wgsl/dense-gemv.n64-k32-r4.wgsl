
const N: u32 = 64u;
const ROWS: u32 = 4u;

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
@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

var<workgroup> partial: array<f32, 1056>;

fn load_a(base: i32, k4: u32) -> vec4<f32> {
  if (base < 0 || k4 >= 8u) { return vec4<f32>(0.0); }
  return a[u32(base) + k4];
}

fn load_b(base: i32, k4: u32) -> vec4<f32> {
  if (base < 0 || k4 >= 8u) { return vec4<f32>(0.0); }
  return b[u32(base) + k4];
}
@compute @workgroup_size(256)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) local: u32,
) {
  let columnStart = (wid.x + wid.y * groups.x) * 8u;
  if (columnStart >= N) { return; }
  let rowCount = min(params.tokens, ROWS);
  let lane = local % 32u;
  let column = columnStart + local / 32u;
  let partialBase = (local / 32u) * 33u + lane;
  let wBase = select(-1, i32(column * 8u), column < N);
  let aBase0 = select(-1, 0, 0u < rowCount);
  let aBase1 = select(-1, 8, 1u < rowCount);
  let aBase2 = select(-1, 16, 2u < rowCount);
  let aBase3 = select(-1, 24, 3u < rowCount);
  var acc0_0 = 0.0;
  var acc0_1 = 0.0;
  var acc0_2 = 0.0;
  var acc0_3 = 0.0;
  for (var k4 = lane; k4 < 8u; k4 += 32u) {
    let w0 = load_b(wBase, k4);
    if (0u < rowCount) { let v0 = load_a(aBase0, k4); acc0_0 += dot(v0, w0); }
    if (1u < rowCount) { let v1 = load_a(aBase1, k4); acc0_1 += dot(v1, w0); }
    if (2u < rowCount) { let v2 = load_a(aBase2, k4); acc0_2 += dot(v2, w0); }
    if (3u < rowCount) { let v3 = load_a(aBase3, k4); acc0_3 += dot(v3, w0); }
  }
  let reducer = local < 32u;
  let outRow = local / 8u;
  let outColumn = columnStart + local % 8u;
  let reduceBase = outRow * 264u + (local % 8u) * 33u;
  var sum0 = 0.0;
  partial[0u + partialBase] = acc0_0;
  partial[264u + partialBase] = acc0_1;
  partial[528u + partialBase] = acc0_2;
  partial[792u + partialBase] = acc0_3;
  workgroupBarrier();
  if (reducer) { for (var l = 0u; l < 8u; l++) { sum0 += partial[reduceBase + l]; } }
  if (reducer && outRow < rowCount && outColumn < N) {
    c[outRow * N + outColumn] = sum0;
  }
}
