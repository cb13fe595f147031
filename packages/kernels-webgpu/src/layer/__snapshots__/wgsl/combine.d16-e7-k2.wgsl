
const D: u32 = 16u;
const EXPERTS: u32 = 7u;
const K_MAX: u32 = 2u;
const THREADS: u32 = 64u;
const CONSTANT_VECTORS: u32 = 0u * D;

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
@group(0) @binding(2) var<storage, read> expertOut: array<f32>;
@group(0) @binding(3) var<storage, read> slotExpert: array<i32>;
@group(0) @binding(4) var<storage, read> slotWeight: array<f32>;
@group(0) @binding(5) var<storage, read> slotRow: array<i32>;
@group(0) @binding(6) var<storage, read> constants: array<f32>;
@group(0) @binding(7) var<storage, read_write> y: array<f32>;
var<workgroup> reduce0: array<f32, 64>;
var<workgroup> reduce1: array<f32, 64>;
var<workgroup> mixA: array<f32, 1>;
var<workgroup> mixB: array<f32, 1>;

fn zero_kind(e: u32) -> u32 {
  switch (e) {

    default: { return 3u; }
  }
}
fn is_zero_kind(e: u32) -> bool { return zero_kind(e) == 0u; }
fn constant_index(e: u32) -> u32 {
  switch (e) {

    default: { return 0u; }
  }
}

@compute @workgroup_size(64)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
) {
  let token = wid.x + wid.y * groups.x;
  if (token >= params.tokens) { return; }
  
  for (var k = lid.x; k < D; k += THREADS) {
    let input = x[token * D + k] * params.scalar0;
    var sum = 0.0;
    for (var j = 0u; j < K_MAX; j++) {
      let slot = token * K_MAX + j;
      let expert = slotExpert[slot];
      if (expert < 0) { break; }
      if (u32(expert) < EXPERTS) {
        sum += expertOut[u32(slotRow[slot]) * D + k];
        continue;
      }
      let kind = zero_kind(u32(expert));
      let weight = slotWeight[slot];
      if (kind == 1u) {
        sum += weight * input;
      } else if (kind == 2u) {
        let c = constant_index(u32(expert));
        sum += weight * (mixA[c] * input + mixB[c] * constants[CONSTANT_VECTORS + c * D + k]);
      }
    }
    y[token * D + k] = sum;
  }
}
