

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
@group(0) @binding(1) var<storage, read> gu: array<f32>;
@group(0) @binding(2) var<storage, read> dHraw: array<f32>;
@group(0) @binding(3) var<storage, read> rowWeight: array<f32>;
@group(0) @binding(4) var<storage, read_write> dGU: array<f32>;
@group(0) @binding(5) var<storage, read_write> hw: array<f32>;
@group(0) @binding(6) var<storage, read_write> rowWeightGrad: array<f32>;

fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }
fn gelu_twice_inner(v: f32) -> f32 {
  let c = clamp(v, -20.0, 20.0);
  return 1.5957691216057308 * (c + 0.044715 * c * c * c);
}
fn gelu(v: f32) -> f32 { return v / (1.0 + exp(-gelu_twice_inner(v))); }

fn silu_derivative(v: f32) -> f32 {
  let s = 1.0 / (1.0 + exp(-v));
  return s * (1.0 + v * (1.0 - s));
}
fn gelu_derivative(v: f32) -> f32 {
  let c = clamp(v, -20.0, 20.0);
  let twiceInner = gelu_twice_inner(c);
  let gate = 1.0 / (1.0 + exp(-twiceInner));
  let complement = 1.0 / (1.0 + exp(twiceInner));
  return gate + 2.0 * c * gate * complement * 0.7978845608028654 * (1.0 + 3.0 * 0.044715 * c * c);
}
var<workgroup> partial: array<f32, 64>;
@compute @workgroup_size(64)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let row = wid.x + wid.y * groups.x;
  let valid = row < params.tokens;
  var sum = 0.0;
  if (valid) {
    let weight = rowWeight[row];
    for (var j = lane; j < 36u; j += 64u) {
    let g = gu[row * 72u + j];
    let u = gu[row * 72u + 36u + j];
    let activated = silu(g);
    let h = activated * u;
    let dh = weight * dHraw[row * 36u + j];
    dGU[row * 72u + j] = dh * u * silu_derivative(g);
    dGU[row * 72u + 36u + j] = dh * activated;
    hw[row * 36u + j] = weight * h;
    sum += dHraw[row * 36u + j] * h;
    }
  }
  partial[lane] = sum;
  workgroupBarrier();
  for (var stride = 32u; stride > 0u; stride /= 2u) {
    if (lane < stride) { partial[lane] += partial[lane + stride]; }
    workgroupBarrier();
  }
  if (valid && lane == 0u) { rowWeightGrad[row] = partial[0]; }
}
