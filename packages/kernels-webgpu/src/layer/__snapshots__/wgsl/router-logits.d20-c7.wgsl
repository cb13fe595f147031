
const D: u32 = 20u;
const CANDIDATES: u32 = 7u;

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
@group(0) @binding(2) var<storage, read> router: array<f32>;
@group(0) @binding(3) var<storage, read_write> logits: array<f32>;

fn flat_index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * 64u;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = flat_index(gid, groups);
  if (index >= params.tokens * CANDIDATES) { return; }
  let token = index / CANDIDATES;
  let expert = index % CANDIDATES;
  var sum = 0.0;
  for (var k = 0u; k < D; k++) {
    sum += x[token * D + k] * router[expert * D + k];
  }
  logits[index] = sum;
}
