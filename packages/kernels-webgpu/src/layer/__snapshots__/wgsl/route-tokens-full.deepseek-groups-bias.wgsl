
const EXPERTS: u32 = 8u;
const CANDIDATES: u32 = 8u;
const K_MAX: u32 = 2u;
const BIAS_OFFSET: u32 = 0u;
const THRESHOLD_OFFSET: u32 = 8u;
const MASK_OFFSET: u32 = 16u;
const GAIN_OFFSET: u32 = 24u;
const PREDICTED_K_OFFSET: u32 = 32u;

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
var<private> zs: array<f32, 8>;
var<private> ss: array<f32, 8>;
var<private> ks: array<f32, 8>;
var<private> sel: array<u32, 8>;
var<private> allowed: array<u32, 8>;
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
  
  const GROUPS: u32 = 4u;
  const GROUP_SIZE: u32 = CANDIDATES / GROUPS;
  var groupScore: array<f32, 4>;
  var groupKept: array<u32, 4>;
  for (var g = 0u; g < GROUPS; g++) {
    var first = ks[g * GROUP_SIZE];
    var second = -3.0e38;
    for (var i = 1u; i < GROUP_SIZE; i++) {
      let v = ks[g * GROUP_SIZE + i];
      if (v > first) { second = first; first = v; } else if (v > second) { second = v; }
    }
    groupScore[g] = first + second;
    groupKept[g] = 0u;
  }
  for (var round = 0u; round < 2u; round++) {
    var best = 0u;
    var found = false;
    for (var g = 0u; g < GROUPS; g++) {
      if (groupKept[g] != 0u) { continue; }
      if (!found || groupScore[g] > groupScore[best]) { best = g; found = true; }
    }
    groupKept[best] = 1u;
  }
  for (var e = 0u; e < CANDIDATES; e++) { allowed[e] = groupKept[e / GROUP_SIZE]; }
  for (var round = 0u; round < 2u; round++) {
    let best = largest_unselected(true);
    if (best < 0) { break; }
    sel[u32(best)] = 1u;
  }
}


fn sigmoid_mask(e: u32) -> f32 {
  if (e < EXPERTS) { return routerParams[MASK_OFFSET + e]; }
  return 1.0;
}
fn renormalise_key(e: u32) -> f32 { return -(max(-zs[e], 0.0) + log(1.0 + exp(-abs(zs[e])))); }
fn renormalise_term(e: u32, largestKey: f32) -> f32 { return sigmoid_mask(e) * exp(renormalise_key(e) - largestKey); }

fn write_slots(token: u32) {
  
  var largestKey = 0.0;
  var found = false;
  for (var e = 0u; e < CANDIDATES; e++) {
    if (sel[e] == 0u || false) { continue; }
    let key = renormalise_key(e);
    if (!found || key > largestKey) { largestKey = key; found = true; }
  }
  var denominator = 0.0;
  for (var e = 0u; e < CANDIDATES; e++) {
    if (sel[e] != 0u && !false) { denominator += renormalise_term(e, largestKey); }
  }
  var slot = 0u;
  for (var e = 0u; e < CANDIDATES; e++) {
    if (sel[e] == 0u || slot >= K_MAX) { continue; }
    var weight = 0.0;
    if (denominator > 0.0 && !false) { weight = 2.5 * renormalise_term(e, largestKey) / denominator; }
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
