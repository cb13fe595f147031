
const D: u32 = 32u;
const EXPERTS: u32 = 8u;
const ROWS: u32 = 4u;
const COLUMN_BLOCKS: u32 = 4u;
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
@group(0) @binding(1) var<storage, read> hidden: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> wDown: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read> rowSlot: array<i32>;
@group(0) @binding(4) var<storage, read> slotWeight: array<f32>;
@group(0) @binding(5) var<storage, read> planMeta: array<u32>;
@group(0) @binding(6) var<storage, read_write> expertOut: array<f32>;

var<workgroup> partial: array<f32, 1056>;

fn load_hidden(base: i32, k4: u32) -> vec4<f32> {
  if (base < 0 || k4 >= 16u) { return vec4<f32>(0.0); }
  return hidden[u32(base) + k4];
}

fn load_down(base: i32, k4: u32) -> vec4<f32> {
  if (base < 0 || k4 >= 16u) { return vec4<f32>(0.0); }
  let words = wDown[u32(base) + k4];
  return vec4<f32>(vec2<f32>(bitcast<f32>(words.x << 16u), bitcast<f32>(words.x & 0xffff0000u)), vec2<f32>(bitcast<f32>(words.y << 16u), bitcast<f32>(words.y & 0xffff0000u)));
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
  let lane = local % 32u;
  let column = columnStart + local / 32u;
  let partialBase = (local / 32u) * 33u + lane;
  let wBase = select(-1, i32((expert * D + column) * 16u), column < D);
  let hiddenBase0 = select(-1, i32((rowStart + 0u) * 16u), 0u < rowCount);
  let hiddenBase1 = select(-1, i32((rowStart + 1u) * 16u), 1u < rowCount);
  let hiddenBase2 = select(-1, i32((rowStart + 2u) * 16u), 2u < rowCount);
  let hiddenBase3 = select(-1, i32((rowStart + 3u) * 16u), 3u < rowCount);
  var acc0_0 = 0.0;
  var acc0_1 = 0.0;
  var acc0_2 = 0.0;
  var acc0_3 = 0.0;
  for (var k4 = lane; k4 < 16u; k4 += 32u) {
    let w0 = load_down(wBase, k4);
    if (0u < rowCount) { let v0 = load_hidden(hiddenBase0, k4); acc0_0 += dot(v0, w0); }
    if (1u < rowCount) { let v1 = load_hidden(hiddenBase1, k4); acc0_1 += dot(v1, w0); }
    if (2u < rowCount) { let v2 = load_hidden(hiddenBase2, k4); acc0_2 += dot(v2, w0); }
    if (3u < rowCount) { let v3 = load_hidden(hiddenBase3, k4); acc0_3 += dot(v3, w0); }
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
  if (reducer) { for (var l = 0u; l < 16u; l++) { sum0 += partial[reduceBase + l]; } }
  if (reducer && outRow < rowCount && outColumn < D) {
    let row = rowStart + outRow;
    expertOut[row * D + outColumn] = slotWeight[u32(rowSlot[row])] * sum0;
  }
}
