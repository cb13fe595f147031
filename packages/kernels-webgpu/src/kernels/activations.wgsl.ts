/**
 * Expert activations as WGSL functions: SiLU `x sigmoid(x)` and GELU (tanh approximation, GPT-2 style),
 * written as `v sigmoid(2a)` with `a = sqrt(2/pi) (v + 0.044715 v^3)`: the same function as
 * `0.5 v (1 + tanh a)`, but `1 + tanh a` cancels to 0 in f32 once tanh a is within an ulp of -1 (v below
 * about -4.5), where `sigmoid(2a)` keeps its ~1e-7 and below. `v` is clamped to +-20 inside the gate:
 * beyond it the gate is exactly 0 or 1 in f32, and `v^3` cannot overflow (huge arguments gave NaN on some
 * drivers).
 */
export const activationsWgsl = /* wgsl */ `
fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }
fn gelu_twice_inner(v: f32) -> f32 {
  let c = clamp(v, -20.0, 20.0);
  return 1.5957691216057308 * (c + 0.044715 * c * c * c);
}
fn gelu(v: f32) -> f32 { return v / (1.0 + exp(-gelu_twice_inner(v))); }
`;
