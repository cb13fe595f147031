/**
 * Expert activations as WGSL functions: SiLU `x sigmoid(x)` and GELU (tanh approximation, GPT-2 style). The
 * tanh argument is clamped at +-15, where tanh is already +-1 in f32, because some drivers return NaN for
 * huge arguments.
 */
export const activationsWgsl = /* wgsl */ `
fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }
fn gelu(v: f32) -> f32 {
  let inner = clamp(0.7978845608028654 * (v + 0.044715 * v * v * v), -15.0, 15.0);
  return 0.5 * v * (1.0 + tanh(inner));
}
`;
