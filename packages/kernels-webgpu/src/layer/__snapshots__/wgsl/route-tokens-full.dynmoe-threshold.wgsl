
const EXPERTS: u32 = 5u;
const CANDIDATES: u32 = 5u;
const K_MAX: u32 = 5u;
const BIAS_OFFSET: u32 = 0u;
const THRESHOLD_OFFSET: u32 = 5u;
const MASK_OFFSET: u32 = 10u;
const GAIN_OFFSET: u32 = 15u;
const PREDICTED_K_OFFSET: u32 = 20u;

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
@group(0) @binding(1) var<storage, read> logitsIn: array<f32>;
@group(0) @binding(2) var<storage, read> residual: array<f32>;
@group(0) @binding(3) var<storage, read> routerParams: array<f32>;
@group(0) @binding(4) var<storage, read_write> logitsOut: array<f32>;
@group(0) @binding(5) var<storage, read_write> scores: array<f32>;
@group(0) @binding(6) var<storage, read_write> slotExpert: array<i32>;
@group(0) @binding(7) var<storage, read_write> slotWeight: array<f32>;
@group(0) @binding(8) var<storage, read_write> kCount: array<i32>;
var<private> zs: array<f32, 5>;
var<private> ss: array<f32, 5>;
var<private> ks: array<f32, 5>;
var<private> sel: array<u32, 5>;
var<private> allowed: array<u32, 5>;
var<private> usedFallback: bool;

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


fn apply_scoring(token: u32) {
  for (var e = 0u; e < CANDIDATES; e++) { zs[e] = logitsIn[token * CANDIDATES + e]; }
  
  for (var e = 0u; e < CANDIDATES; e++) { logitsOut[token * CANDIDATES + e] = zs[e]; }
  
  
    for (var e = 0u; e < CANDIDATES; e++) {
      var mask = 1.0;
      if (e < EXPERTS) { mask = routerParams[MASK_OFFSET + e]; }
      ss[e] = mask / (1.0 + exp(-zs[e]));
    }
}



fn largest_unselected(allowedOnly: bool) -> i32 {
  var best = -1;
  for (var e = 0u; e < CANDIDATES; e++) {
    if (sel[e] != 0u || (allowedOnly && allowed[e] == 0u)) { continue; }
    if (best < 0 || ks[e] > ks[u32(best)]) { best = i32(e); }
  }
  return best;
}

fn apply_selection(token: u32) {
  for (var e = 0u; e < CANDIDATES; e++) {
    ks[e] = ss[e] + routerParams[BIAS_OFFSET + e];
    sel[e] = 0u;
    allowed[e] = 1u;
  }
  usedFallback = false;
  
  var count = 0u;
  for (var e = 0u; e < EXPERTS; e++) {
    let threshold = 1.0 / (1.0 + exp(-1.0 * routerParams[THRESHOLD_OFFSET + e]));
    if (ss[e] > threshold) { sel[e] = 1u; count++; }
  }
  if (count == 0u) {
    var best = 0u;
    for (var e = 1u; e < EXPERTS; e++) { if (ss[e] > ss[best]) { best = e; } }
    sel[best] = 1u;
    usedFallback = true;
  }
}


fn write_slots(token: u32) {
  
  var selectedCount = 0u;
  for (var e = 0u; e < CANDIDATES; e++) { selectedCount += sel[e]; }
  var slot = 0u;
  for (var e = 0u; e < CANDIDATES; e++) {
    if (sel[e] == 0u || slot >= K_MAX) { continue; }
    var weight = 0.0;
    weight = select(1.0 / f32(selectedCount), 1.0, usedFallback);
    slotExpert[token * K_MAX + slot] = i32(e);
    slotWeight[token * K_MAX + slot] = weight;
    slot++;
  }
  kCount[token] = i32(slot);
  for (var j = slot; j < K_MAX; j++) {
    slotExpert[token * K_MAX + j] = -1;
    slotWeight[token * K_MAX + j] = 0.0;
  }
}


fn flat_index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * 64u;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let token = flat_index(gid, groups);
  if (token >= params.tokens) { return; }
  apply_scoring(token);
  for (var e = 0u; e < CANDIDATES; e++) { scores[token * CANDIDATES + e] = ss[e]; }
  apply_selection(token);
  write_slots(token);
}
