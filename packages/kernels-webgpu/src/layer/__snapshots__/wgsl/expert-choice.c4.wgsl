
const CANDIDATES: u32 = 4u;

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
@group(0) @binding(1) var<storage, read> scores: array<f32>;
@group(0) @binding(2) var<storage, read> routerParams: array<f32>;
@group(0) @binding(3) var<storage, read> tieKeys: array<f32>;
@group(0) @binding(4) var<storage, read_write> chosen: array<u32>;

fn flat_index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * 64u;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = flat_index(gid, groups);
  if (index >= params.tokens * CANDIDATES) { return; }
  let token = index / CANDIDATES;
  let expert = index % CANDIDATES;
  let bias = routerParams[expert];
  let key = scores[index] + bias;
  let tie = tieKeys[index];
  var rank = 0u;
  for (var other = 0u; other < params.tokens; other++) {
    let otherIndex = other * CANDIDATES + expert;
    let otherKey = scores[otherIndex] + bias;
    let otherTie = tieKeys[otherIndex];
    if (otherKey > key || (otherKey == key && (otherTie > tie || (otherTie == tie && other < token)))) {
      rank++;
    }
  }
  chosen[index] = select(0u, 1u, rank < params.count0);
}
