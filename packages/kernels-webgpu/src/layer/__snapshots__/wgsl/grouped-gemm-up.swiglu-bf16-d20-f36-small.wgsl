
const F: u32 = 36u;
const EXPERTS: u32 = 7u;
const TILE_M: u32 = 32u;
const COLUMN_TILES: u32 = 3u;
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
@group(0) @binding(2) var<storage, read> wGate: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> wUp: array<vec2<u32>>;
@group(0) @binding(4) var<storage, read> rowToken: array<i32>;
@group(0) @binding(5) var<storage, read> planMeta: array<u32>;
@group(0) @binding(6) var<storage, read_write> hidden: array<f32>;

var<workgroup> aTile: array<vec4<f32>, 288>;
var<workgroup> bTile: array<vec4<f32>, 288>;

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
  let words = wGate[u32(base) + k4];
  return vec4<f32>(vec2<f32>(bitcast<f32>(words.x << 16u), bitcast<f32>(words.x & 0xffff0000u)), vec2<f32>(bitcast<f32>(words.y << 16u), bitcast<f32>(words.y & 0xffff0000u)));
}

fn load_up(base: i32, k4: u32) -> vec4<f32> {
  if (base < 0 || k4 >= 5u) { return vec4<f32>(0.0); }
  let words = wUp[u32(base) + k4];
  return vec4<f32>(vec2<f32>(bitcast<f32>(words.x << 16u), bitcast<f32>(words.x & 0xffff0000u)), vec2<f32>(bitcast<f32>(words.y << 16u), bitcast<f32>(words.y & 0xffff0000u)));
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
  let columnStart = (linear % COLUMN_TILES) * 16u;
  let valid = rowTile < totalTiles;
  let tile = select(0u, rowTile, valid);
  let expert = planMeta[TILE_EXPERT + tile];
  let rowStart = planMeta[expert] + (tile - planMeta[TILE_OFFSET + expert]) * TILE_M;
  let rowEnd = select(0u, planMeta[expert + 1u], valid);
  let scale = params.scalar0;
  let tx = local % 16u;
  let ty = local / 16u;
  let aRow0 = (local + 0u) / 8u;
  let aK0 = (local + 0u) % 8u;
  let aRowIndex0 = rowStart + aRow0;
  var aBase0 = -1;
  if (aRowIndex0 < rowEnd) { aBase0 = rowToken[aRowIndex0] * 5; }
  let bRow0 = (local + 0u) / 8u;
  let bK0 = (local + 0u) % 8u;
  let bUp0 = bRow0 >= 16u;
  let bColumn0 = columnStart + bRow0 % 16u;
  let bBase0 = select(-1, i32((expert * F + bColumn0) * 5u), bColumn0 < F);
  var acc0_0 = 0.0;
  var acc0_1 = 0.0;
  var acc1_0 = 0.0;
  var acc1_1 = 0.0;
  var ra0 = load_x(aBase0, aK0);
  var rb0 = load_b(bUp0, bBase0, bK0);
  for (var k4 = 0u; k4 < 5u; k4 += 8u) {
    aTile[aRow0 * 9u + aK0] = ra0;
    bTile[bRow0 * 9u + bK0] = rb0;
    workgroupBarrier();
    let next = k4 + 8u;
    if (next < 5u) {
      ra0 = load_x(aBase0, next + aK0);
      rb0 = load_b(bUp0, bBase0, next + bK0);
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
  column = columnStart + tx + 0u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc0_0) * (scale * acc0_1); }
  row = rowStart + ty + 16u;
  column = columnStart + tx + 0u;
  if (row < rowEnd && column < F) { hidden[row * F + column] = silu(scale * acc1_0) * (scale * acc1_1); }
}
