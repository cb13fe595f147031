
const EXPERTS: u32 = 4u;
const DYNAMIC: u32 = 5u;
const SHARED: u32 = 0u;
const COLUMNS: u32 = 5u;
const K_MAX: u32 = 2u;
const EPSILON: f32 = 9.999999974752427e-7;

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
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> pickRate: array<f32>;
@group(0) @binding(3) var<storage, read_write> slotExpert: array<i32>;
@group(0) @binding(4) var<storage, read_write> slotWeight: array<f32>;
@group(0) @binding(5) var<storage, read_write> kCount: array<i32>;
@group(0) @binding(6) var<storage, read_write> sharedWeight: array<f32>;

fn flat_index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * 64u;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let token = flat_index(gid, groups);
  if (token >= params.tokens) { return; }
  let row = token * COLUMNS;
  var rate: array<f32, DYNAMIC>;
  for (var e = 0u; e < DYNAMIC; e++) { rate[e] = pickRate[token * DYNAMIC + e]; }
  
  var mass = 1.0;
  
  var slot = 0u;
  for (var e = 0u; e < DYNAMIC; e++) {
    if (rate[e] == 0.0 || slot >= K_MAX) { continue; }
    slotExpert[token * K_MAX + slot] = i32(e);
    slotWeight[token * K_MAX + slot] = select(0.0, rate[e] * mass, e < EXPERTS);
    slot++;
  }
  kCount[token] = i32(slot);
  for (var j = slot; j < K_MAX; j++) {
    slotExpert[token * K_MAX + j] = -1;
    slotWeight[token * K_MAX + j] = 0.0;
  }
}
