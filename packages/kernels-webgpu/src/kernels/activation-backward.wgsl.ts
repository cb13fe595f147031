import type { ExpertKindV1 } from '@anyk/core';
import { activationsWgsl } from './activations.wgsl.ts';
import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { paramsStructWgsl } from './params.wgsl.ts';

/** Threads per plan row of the activation backward (one workgroup per row). */
export const activationBackwardThreads = 64;

/** The bindings of `activation-backward`, in order (see `KernelBindings`). */
export const activationBackwardBindings = {
  params: paramsBinding,
  gu: read('f32'),
  dHraw: read('f32'),
  rowWeight: read('f32'),
  dGU: write('f32'),
  hw: write('f32'),
  rowWeightGrad: write('f32'),
} as const satisfies KernelBindings;

/**
 * The activation's backward, one workgroup per plan row `r` (`params.tokens` = rows): from the recomputed
 * pre-activations `gu` and `dHraw = W_down^T gy` it writes
 * - `dGU[r]`: the gradient of the pre-activations with the router weight `w_r` applied (`dh = w_r dHraw`):
 *   SwiGLU `h = silu(g) u` gives `dg = dh u silu'(g)`, `du = dh silu(g)`; an MLP `h = act(a)` gives
 *   `da = dh act'(a)`;
 * - `hw[r] = w_r h_r`, the down projection's weight-gradient operand;
 * - `rowWeightGrad[r] = dHraw_r . h_r`, the gradient of the combine weight `w_r`, summed by a fixed tree
 *   over the workgroup (bit-stable).
 * Derivatives follow core's reference (`expert-ffn.ts`): `silu' = s (1 + v (1 - s))`; GELU's tanh form
 * `0.5 (1 + tanh a) + 0.5 v (1 - tanh^2 a) a'` as `s + 2 v s (1 - s) a'` with `s = sigmoid(2a)` and
 * `1 - s = sigmoid(-2a)` each computed directly: `1 + tanh a` and `1 - tanh^2 a` cancel to 0 in f32 below
 * v ~ -4.5 (a `wUp` gradient of 0 where the reference has 4.3e-4 at x ~ -512), these do not. Beyond
 * |v| = 20 the derivative is exactly 0 or 1 in f32, so `v` is clamped there.
 */
export function activationBackwardWgsl(constants: { f: number; expert: ExpertKindV1 }): string {
  const { f } = constants;
  const gated = constants.expert.kind === 'swiglu';
  const gelu = constants.expert.kind === 'mlp' && constants.expert.activation === 'gelu';
  const inRows = gated ? 2 * f : f;
  const body = gated
    ? `let g = gu[row * ${inRows}u + j];
    let u = gu[row * ${inRows}u + ${f}u + j];
    let activated = silu(g);
    let h = activated * u;
    let dh = weight * dHraw[row * ${f}u + j];
    dGU[row * ${inRows}u + j] = dh * u * silu_derivative(g);
    dGU[row * ${inRows}u + ${f}u + j] = dh * activated;`
    : `let pre = gu[row * ${f}u + j];
    let h = ${gelu ? 'gelu' : 'silu'}(pre);
    let dh = weight * dHraw[row * ${f}u + j];
    dGU[row * ${f}u + j] = dh * ${gelu ? 'gelu' : 'silu'}_derivative(pre);`;
  return /* wgsl */ `
${paramsStructWgsl}${bindingsWgsl(activationBackwardBindings)}
${activationsWgsl}
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
var<workgroup> partial: array<f32, ${activationBackwardThreads}>;
@compute @workgroup_size(${activationBackwardThreads})
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
    for (var j = lane; j < ${f}u; j += ${activationBackwardThreads}u) {
    ${body}
    hw[row * ${f}u + j] = weight * h;
    sum += dHraw[row * ${f}u + j] * h;
    }
  }
  partial[lane] = sum;
  workgroupBarrier();
  for (var stride = ${activationBackwardThreads / 2}u; stride > 0u; stride /= 2u) {
    if (lane < stride) { partial[lane] += partial[lane + stride]; }
    workgroupBarrier();
  }
  if (valid && lane == 0u) { rowWeightGrad[row] = partial[0]; }
}
`;
}
