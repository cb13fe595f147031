
const EXPERTS: u32 = 6u;
const CANDIDATES: u32 = 6u;
const K_MAX: u32 = 3u;
const BIAS_OFFSET: u32 = 0u;
const THRESHOLD_OFFSET: u32 = 6u;
const MASK_OFFSET: u32 = 12u;
const GAIN_OFFSET: u32 = 18u;
const PREDICTED_K_OFFSET: u32 = 24u;

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
var<private> zs: array<f32, 6>;
var<private> ss: array<f32, 6>;
var<private> ks: array<f32, 6>;
var<private> sel: array<u32, 6>;
var<private> allowed: array<u32, 6>;
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
  
  
    var largest = zs[0];
    for (var e = 1u; e < CANDIDATES; e++) { largest = max(largest, zs[e]); }
    var total = 0.0;
    for (var e = 0u; e < CANDIDATES; e++) { let v = exp(zs[e] - largest); ss[e] = v; total += v; }
    for (var e = 0u; e < CANDIDATES; e++) { ss[e] = ss[e] / total; }
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
  var hasBias = false;
  for (var e = 0u; e < CANDIDATES; e++) { hasBias = hasBias || routerParams[BIAS_OFFSET + e] != 0.0; }
  for (var e = 0u; e < CANDIDATES; e++) {
    ks[e] = select(ss[e] + routerParams[BIAS_OFFSET + e], zs[e], !hasBias);
    sel[e] = 0u;
    allowed[e] = 1u;
  }
  usedFallback = false;
  
  var cumulative = 0.0;
  for (var round = 0u; round < 3u; round++) {
    let best = largest_unselected(false);
    if (best < 0) { break; }
    sel[u32(best)] = 1u;
    cumulative += ss[u32(best)] + routerParams[BIAS_OFFSET + u32(best)];
    if (cumulative > 0.6000000238418579) { break; }
  }
}


fn renormalise_key(e: u32) -> f32 { return zs[e]; }
fn renormalise_term(e: u32, largestKey: f32) -> f32 { return exp(renormalise_key(e) - largestKey); }

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
    if (denominator > 0.0 && !false) { weight = 1.0 * renormalise_term(e, largestKey) / denominator; }
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
