
const DYNAMIC: u32 = 5u;
const COLUMNS: u32 = 7u;
const TWO_WINDOW_EPS: f32 = 0.019999999552965164;
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
@group(0) @binding(2) var<storage, read_write> scores: array<f32>;
@group(0) @binding(3) var<storage, read_write> pickRate: array<f32>;

fn flat_index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * 64u;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let token = flat_index(gid, groups);
  if (token >= params.tokens) { return; }
  let row = token * COLUMNS;
  var z: array<f32, DYNAMIC>;
  var q: array<f32, DYNAMIC>;
  var largest = logits[row];
  for (var e = 0u; e < DYNAMIC; e++) { z[e] = logits[row + e]; largest = max(largest, z[e]); }
  var total = 0.0;
  for (var e = 0u; e < DYNAMIC; e++) { q[e] = exp(z[e] - largest); total += q[e]; }
  for (var e = 0u; e < DYNAMIC; e++) { q[e] = q[e] / total; scores[row + e] = q[e]; }
  for (var e = DYNAMIC; e < COLUMNS; e++) { scores[row + e] = 0.0; }

  var count = 1u;
  var cumulative = 0.0;
  var summed: array<u32, DYNAMIC>;
  for (var step = 0u; step < DYNAMIC; step++) {
    var best = 0u;
    var found = false;
    for (var e = 0u; e < DYNAMIC; e++) {
      if (summed[e] != 0u) { continue; }
      if (!found || q[e] > q[best]) { best = e; found = true; }
    }
    summed[best] = 1u;
    cumulative += q[best];
    if (cumulative < 0.699999988079071) { count++; } else { break; }
  }

  var multiplier: array<f32, DYNAMIC>;
  var available: array<u32, DYNAMIC>;
  for (var e = 0u; e < DYNAMIC; e++) { available[e] = 1u; }
  var multiplierSum = 0.0;
  for (var step = 0u; step < count && count <= DYNAMIC; step++) {
    var pick = 0u;
    var found = false;
    for (var e = 0u; e < DYNAMIC; e++) {
      if (available[e] == 0u) { continue; }
      if (!found || z[e] > z[pick]) { pick = e; found = true; }
    }
    let m = z[pick];
    var windowSum = 0.0;
    for (var e = 0u; e < DYNAMIC; e++) {
      if (available[e] == 0u) { continue; }
      let magnitude = max(abs(z[e]), abs(m));
      if (magnitude > 0.0 && (m - z[e]) / magnitude > TWO_WINDOW_EPS) { continue; }
      windowSum += exp(z[e] - m);
    }
    multiplier[pick] = 1.0 / windowSum;
    multiplierSum += multiplier[pick];
    available[pick] = 0u;
  }
  for (var e = 0u; e < DYNAMIC; e++) {
    var rate = 0.0;
    if (available[e] == 0u) { rate = multiplier[e] / (multiplierSum + EPSILON); }
    pickRate[token * DYNAMIC + e] = rate;
  }
}
