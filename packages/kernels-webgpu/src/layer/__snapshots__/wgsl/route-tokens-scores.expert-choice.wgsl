
const EXPERTS: u32 = 4u;
const CANDIDATES: u32 = 4u;
const K_MAX: u32 = 4u;
const BIAS_OFFSET: u32 = 0u;
const THRESHOLD_OFFSET: u32 = 4u;
const MASK_OFFSET: u32 = 8u;
const GAIN_OFFSET: u32 = 12u;
const PREDICTED_K_OFFSET: u32 = 16u;

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
@group(0) @binding(6) var<storage, read_write> tieKeys: array<f32>;
var<private> zs: array<f32, 4>;
var<private> ss: array<f32, 4>;
var<private> ks: array<f32, 4>;
var<private> sel: array<u32, 4>;
var<private> allowed: array<u32, 4>;
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


fn write_tie_keys(token: u32) {
  var biased = false;
  for (var e = 0u; e < CANDIDATES; e++) { biased = biased || (routerParams[BIAS_OFFSET + e] != 0.0); }
  var top = 0u;
  for (var e = 1u; e < CANDIDATES; e++) { if (zs[e] > zs[top]) { top = e; } }
  let largest = zs[top];
  var others = 0.0;
  for (var e = 0u; e < CANDIDATES; e++) { if (e != top) { others += exp(zs[e] - largest); } }
  // log(1 + others) as log1p (WGSL has none): 1 + others rounds to 1 below float32's epsilon, and the
  // saturated probabilities' logs would tie at 0 where the float64 probabilities differ.
  let logTotal = select(log(1.0 + others), others * (1.0 - 0.5 * others), others < 1e-4);
  for (var e = 0u; e < CANDIDATES; e++) {
    tieKeys[token * CANDIDATES + e] = select(zs[e] - largest - logTotal, 0.0, biased);
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
  write_tie_keys(token);
}
