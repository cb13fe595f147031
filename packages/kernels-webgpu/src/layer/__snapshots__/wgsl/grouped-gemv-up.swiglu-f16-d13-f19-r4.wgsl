
const F: u32 = 19u;
const EXPERTS: u32 = 8u;
const ROWS: u32 = 4u;
const COLUMN_BLOCKS: u32 = 3u;
const TILE_OFFSET: u32 = 9u;
const TILE_EXPERT: u32 = 18u;

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
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> wGate: array<u32>;
@group(0) @binding(3) var<storage, read> wUp: array<u32>;
@group(0) @binding(4) var<storage, read> rowToken: array<i32>;
@group(0) @binding(5) var<storage, read> planMeta: array<u32>;
@group(0) @binding(6) var<storage, read_write> hidden: array<f32>;

var<workgroup> partial: array<f32, 1056>;

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }
fn gelu_twice_inner(v: f32) -> f32 {
  let c = clamp(v, -20.0, 20.0);
  return 1.5957691216057308 * (c + 0.044715 * c * c * c);
}
fn gelu(v: f32) -> f32 { return v / (1.0 + exp(-gelu_twice_inner(v))); }


fn load_x(base: i32, k4: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (base < 0) { return v; }
  let k = k4 * 4u;
  for (var c = 0u; c < 4u; c++) {
    if (k + c < 13u) { v[c] = x[u32(base) + k + c]; }
  }
  return v;
}

fn load_gate(base: i32, k4: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (base < 0) { return v; }
  let k = k4 * 4u;
  for (var c = 0u; c < 4u; c++) {
    if (k + c < 13u) {
      let element = u32(base) + k + c;
      let pair = unpack2x16float(wGate[element >> 1u]);
      v[c] = select(pair.x, pair.y, (element & 1u) == 1u);
    }
  }
  return v;
}

fn load_up(base: i32, k4: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (base < 0) { return v; }
  let k = k4 * 4u;
  for (var c = 0u; c < 4u; c++) {
    if (k + c < 13u) {
      let element = u32(base) + k + c;
      let pair = unpack2x16float(wUp[element >> 1u]);
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
  let rowGroup = linear / COLUMN_BLOCKS;
  if (rowGroup >= planMeta[TILE_OFFSET + EXPERTS]) { return; }
  let columnStart = (linear % COLUMN_BLOCKS) * 8u;
  let expert = planMeta[TILE_EXPERT + rowGroup];
  let rowStart = planMeta[expert] + (rowGroup - planMeta[TILE_OFFSET + expert]) * ROWS;
  let rowCount = min(planMeta[expert + 1u] - rowStart, ROWS);
  let scale = params.scalar0;
  let lane = local % 32u;
  let column = columnStart + local / 32u;
  let partialBase = (local / 32u) * 33u + lane;
  let wBase = select(-1, i32((expert * F + column) * 13u), column < F);
  var xBase0 = -1;
  if (0u < rowCount) { xBase0 = rowToken[rowStart + 0u] * 13; }
  var xBase1 = -1;
  if (1u < rowCount) { xBase1 = rowToken[rowStart + 1u] * 13; }
  var xBase2 = -1;
  if (2u < rowCount) { xBase2 = rowToken[rowStart + 2u] * 13; }
  var xBase3 = -1;
  if (3u < rowCount) { xBase3 = rowToken[rowStart + 3u] * 13; }
  var acc0_0 = 0.0;
  var acc0_1 = 0.0;
  var acc0_2 = 0.0;
  var acc0_3 = 0.0;
  var acc1_0 = 0.0;
  var acc1_1 = 0.0;
  var acc1_2 = 0.0;
  var acc1_3 = 0.0;
  for (var k4 = lane; k4 < 4u; k4 += 32u) {
    let w0 = load_gate(wBase, k4);
    let w1 = load_up(wBase, k4);
    if (0u < rowCount) { let v0 = load_x(xBase0, k4); acc0_0 += dot(v0, w0); acc1_0 += dot(v0, w1); }
    if (1u < rowCount) { let v1 = load_x(xBase1, k4); acc0_1 += dot(v1, w0); acc1_1 += dot(v1, w1); }
    if (2u < rowCount) { let v2 = load_x(xBase2, k4); acc0_2 += dot(v2, w0); acc1_2 += dot(v2, w1); }
    if (3u < rowCount) { let v3 = load_x(xBase3, k4); acc0_3 += dot(v3, w0); acc1_3 += dot(v3, w1); }
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
  if (reducer) { for (var l = 0u; l < 4u; l++) { sum0 += partial[reduceBase + l]; } }
  var sum1 = 0.0;
  workgroupBarrier();
  partial[0u + partialBase] = acc1_0;
  partial[264u + partialBase] = acc1_1;
  partial[528u + partialBase] = acc1_2;
  partial[792u + partialBase] = acc1_3;
  workgroupBarrier();
  if (reducer) { for (var l = 0u; l < 4u; l++) { sum1 += partial[reduceBase + l]; } }
  if (reducer && outRow < rowCount && outColumn < F) {
    hidden[(rowStart + outRow) * F + outColumn] = silu(scale * sum0) * (scale * sum1);
  }
}
