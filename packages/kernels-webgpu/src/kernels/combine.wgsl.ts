import type { ZeroExpertKind } from '@anyk/core';
import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { paramsStructWgsl } from './params.wgsl.ts';
import { zeroKindCode, zeroKindsWgsl } from './zero-kinds.wgsl.ts';

/** Threads of one combine workgroup (one workgroup per token). */
export const combineThreads = 64;

/** The bindings of `combine`, in order (see `KernelBindings`). */
export const combineBindings = {
  params: paramsBinding,
  x: read('f32'),
  expertOut: read('f32'),
  slotExpert: read('i32'),
  slotWeight: read('f32'),
  slotRow: read('i32'),
  constants: read('f32'),
  y: write('f32'),
} as const satisfies KernelBindings;

/** The bindings of `combine` on a layer with shared experts: their rows `[S T, d]` (`sharedExpertPlan`) last. */
export const combineWithSharedBindings = {
  ...combineBindings,
  sharedOut: read('f32'),
} as const satisfies KernelBindings;

/**
 * Gather combine, deterministic: `y[t] = sum over slots j (in slot order) of Y[slotRow[t, j]]` for real
 * experts (weight already applied by the down projection), `w * s x_t` for copy experts, `w (a1 s x_t + a2 v)`
 * with `(a1, a2) = softmax(W_c s x_t)` for constant experts, nothing for zero experts (`s` = the MoE++ expert
 * input scale). One workgroup per token; the constant experts' two dot products are tree reductions in
 * workgroup memory (fixed order, no float atomics), so outputs are bit-stable run to run. Reads
 * `params.tokens` and `params.scalar0` (input scale). With `sharedCount` S > 0 (`combineWithSharedBindings`)
 * a token then adds its S shared-expert rows `sharedOut[s T + t]`, in shared-expert order (their weights
 * already applied by the down projection, as for routed rows).
 */
export function combineWgsl(constants: {
  d: number;
  experts: number;
  kMax: number;
  zeroKinds: readonly ZeroExpertKind[];
  sharedCount?: number;
}): string {
  const sharedCount = constants.sharedCount ?? 0;
  const constantCount = constants.zeroKinds.filter((kind) => kind === 'constant').length;
  const constantTerms =
    constantCount > 0
      ? /* wgsl */ `
  for (var c = 0u; c < ${constantCount}u; c++) {
    var partial0 = 0.0;
    var partial1 = 0.0;
    for (var k = lid.x; k < D; k += THREADS) {
      let input = x[token * D + k] * params.scalar0;
      partial0 += constants[(c * 2u) * D + k] * input;
      partial1 += constants[(c * 2u + 1u) * D + k] * input;
    }
    reduce0[lid.x] = partial0;
    reduce1[lid.x] = partial1;
    workgroupBarrier();
    for (var stride = THREADS / 2u; stride > 0u; stride = stride / 2u) {
      if (lid.x < stride) {
        reduce0[lid.x] += reduce0[lid.x + stride];
        reduce1[lid.x] += reduce1[lid.x + stride];
      }
      workgroupBarrier();
    }
    let logit0 = reduce0[0];
    let logit1 = reduce1[0];
    let largest = max(logit0, logit1);
    let e0 = exp(logit0 - largest);
    let e1 = exp(logit1 - largest);
    mixA[c] = e0 / (e0 + e1);
    mixB[c] = e1 / (e0 + e1);
    workgroupBarrier();
  }`
      : '';
  return /* wgsl */ `
const D: u32 = ${constants.d}u;
const EXPERTS: u32 = ${constants.experts}u;
const K_MAX: u32 = ${constants.kMax}u;
const THREADS: u32 = ${combineThreads}u;
const CONSTANT_VECTORS: u32 = ${constantCount * 2}u * D;
${paramsStructWgsl}${bindingsWgsl(sharedCount > 0 ? combineWithSharedBindings : combineBindings)}
var<workgroup> reduce0: array<f32, ${combineThreads}>;
var<workgroup> reduce1: array<f32, ${combineThreads}>;
var<workgroup> mixA: array<f32, ${Math.max(constantCount, 1)}>;
var<workgroup> mixB: array<f32, ${Math.max(constantCount, 1)}>;
${zeroKindsWgsl(constants.experts, constants.zeroKinds)}
@compute @workgroup_size(${combineThreads})
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) groups: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
) {
  let token = wid.x + wid.y * groups.x;
  if (token >= params.tokens) { return; }
  ${constantTerms}
  for (var k = lid.x; k < D; k += THREADS) {
    let input = x[token * D + k] * params.scalar0;
    var sum = 0.0;
    for (var j = 0u; j < K_MAX; j++) {
      let slot = token * K_MAX + j;
      let expert = slotExpert[slot];
      if (expert < 0) { break; }
      if (u32(expert) < EXPERTS) {
        sum += expertOut[u32(slotRow[slot]) * D + k];
        continue;
      }
      let kind = zero_kind(u32(expert));
      let weight = slotWeight[slot];
      if (kind == ${zeroKindCode.copy}u) {
        sum += weight * input;
      } else if (kind == ${zeroKindCode.constant}u) {
        let c = constant_index(u32(expert));
        sum += weight * (mixA[c] * input + mixB[c] * constants[CONSTANT_VECTORS + c * D + k]);
      }
    }
${
  sharedCount > 0
    ? `    for (var s = 0u; s < ${sharedCount}u; s++) { sum += sharedOut[(s * params.tokens + token) * D + k]; }
`
    : ''
}    y[token * D + k] = sum;
  }
}
`;
}
