
const EXPERTS: u32 = 6u;
const K_MAX: u32 = 2u;

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
@group(0) @binding(1) var<storage, read> slotExpertIn: array<i32>;
@group(0) @binding(2) var<storage, read> slotWeightIn: array<f32>;
@group(0) @binding(3) var<storage, read_write> slotExpert: array<i32>;
@group(0) @binding(4) var<storage, read_write> slotWeight: array<f32>;
@group(0) @binding(5) var<storage, read_write> kCount: array<i32>;

fn flat_index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * 64u;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let token = flat_index(gid, groups);
  if (token >= params.tokens) { return; }
  var written = 0u;
  for (var j = 0u; j < K_MAX; j++) {
    let expert = slotExpertIn[token * K_MAX + j];
    if (expert < 0) { break; }
    let weight = slotWeightIn[token * K_MAX + j];
    var keep = true;
    if (u32(expert) < EXPERTS) {
      var rank = 0u;
      for (var other = 0u; other < params.tokens; other++) {
        for (var i = 0u; i < K_MAX; i++) {
          let otherExpert = slotExpertIn[other * K_MAX + i];
          if (otherExpert != expert) { continue; }
          let otherWeight = slotWeightIn[other * K_MAX + i];
          if (otherWeight > weight || (otherWeight == weight && other < token)) { rank++; }
        }
      }
      keep = rank < params.count0;
    }
    if (keep) {
      slotExpert[token * K_MAX + written] = expert;
      slotWeight[token * K_MAX + written] = weight;
      written++;
    }
  }
  kCount[token] = i32(written);
  for (var j = written; j < K_MAX; j++) {
    slotExpert[token * K_MAX + j] = -1;
    slotWeight[token * K_MAX + j] = 0.0;
  }
}
