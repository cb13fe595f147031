import type { RouterSpecV1 } from '@anyk/core';
import { bindingsWgsl, type KernelBindings, paramsBinding, read, write } from './bindings.wgsl.ts';
import { flatIndexWgsl, itemWorkgroupSize, paramsStructWgsl } from './params.wgsl.ts';
import { routerParamsLayout } from './router-params-layout.ts';
import { scoringWgsl } from './scoring.wgsl.ts';
import { selectionWgsl } from './selection.wgsl.ts';
import { weightingWgsl } from './weighting.wgsl.ts';
import { zeroKindsWgsl } from './zero-kinds.wgsl.ts';

/**
 * Which part of routing one dispatch does:
 * - `full`: logits -> scores -> selection -> weights -> slots, one thread per token (every rule but
 *   expert-choice);
 * - `scores`: logits -> scores and expert-choice's second key `tieKeys` (see `tieKeysWgsl`), before
 *   experts pick tokens;
 * - `from-choice`: scores + the experts' choice flags -> weights -> slots (expert-choice, after).
 */
export type RouteTokensMode = 'full' | 'scores' | 'from-choice';

const scoresModeBindings = {
  params: paramsBinding,
  logitsIn: read('f32'),
  residual: read('f32'),
  routerParams: read('f32'),
  logitsOut: write('f32'),
  scores: write('f32'),
} as const satisfies KernelBindings;

/** The bindings of each mode, in order (see `KernelBindings`). */
export const routeTokensBindings = {
  full: {
    ...scoresModeBindings,
    slotExpert: write('i32'),
    slotWeight: write('f32'),
    kCount: write('i32'),
  },
  scores: { ...scoresModeBindings, tieKeys: write('f32') },
  'from-choice': {
    params: paramsBinding,
    scoresIn: read('f32'),
    routerParams: read('f32'),
    chosen: read('u32'),
    slotExpert: write('i32'),
    slotWeight: write('f32'),
    kCount: write('i32'),
  },
} as const satisfies Record<RouteTokensMode, KernelBindings>;

/**
 * The routing kernel: one thread per token runs the spec's scoring, selection and weighting stages
 * (`scoring.wgsl.ts`, `selection.wgsl.ts`, `weighting.wgsl.ts`) over private arrays of `candidates`
 * entries. Per-token work is O(k x candidates), fine for the E <= 1024 this backend accepts; one thread per
 * token keeps every decision sequential and therefore deterministic. Reads `params.tokens`.
 */
export function routeTokensWgsl(
  spec: RouterSpecV1,
  kMax: number,
  mode: RouteTokensMode,
  withResidual: boolean,
): string {
  const experts = spec.numExperts;
  const candidates = experts + spec.zeroComputation.length;
  const layout = routerParamsLayout(experts, candidates);
  const declarations = bindingsWgsl(routeTokensBindings[mode]);
  let body: string;
  if (mode === 'scores') {
    body = `apply_scoring(token);
  for (var e = 0u; e < CANDIDATES; e++) { scores[token * CANDIDATES + e] = ss[e]; }
  write_tie_keys(token);`;
  } else if (mode === 'full') {
    body = `apply_scoring(token);
  for (var e = 0u; e < CANDIDATES; e++) { scores[token * CANDIDATES + e] = ss[e]; }
  apply_selection(token);
  write_slots(token);`;
  } else {
    body = `for (var e = 0u; e < CANDIDATES; e++) { ss[e] = scoresIn[token * CANDIDATES + e]; }
  apply_selection(token);
  write_slots(token);`;
  }
  return /* wgsl */ `
const EXPERTS: u32 = ${experts}u;
const CANDIDATES: u32 = ${candidates}u;
const K_MAX: u32 = ${kMax}u;
const BIAS_OFFSET: u32 = ${layout.bias}u;
const THRESHOLD_OFFSET: u32 = ${layout.thresholds}u;
const MASK_OFFSET: u32 = ${layout.mask}u;
const GAIN_OFFSET: u32 = ${layout.gain}u;
const PREDICTED_K_OFFSET: u32 = ${layout.predictedK}u;
${paramsStructWgsl}${declarations}
var<private> zs: array<f32, ${candidates}>;
var<private> ss: array<f32, ${candidates}>;
var<private> ks: array<f32, ${candidates}>;
var<private> sel: array<u32, ${candidates}>;
var<private> allowed: array<u32, ${candidates}>;
var<private> usedFallback: bool;
${zeroKindsWgsl(experts, spec.zeroComputation)}
${mode === 'from-choice' ? '' : scoringWgsl(spec, withResidual)}
${mode === 'scores' ? tieKeysWgsl(spec) : selectionWgsl(spec)}
${mode === 'scores' ? '' : weightingWgsl(spec)}
${flatIndexWgsl}
@compute @workgroup_size(${itemWorkgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let token = flat_index(gid, groups);
  if (token >= params.tokens) { return; }
  ${body}
}
`;
}

/**
 * Expert-choice's second key, as core's reference (`expertChoiceTieBreak`) and gpu.js order tokens: for
 * softmax scores without a (non-zero) selection bias, the log-probabilities `z - max - log1p(sum of the
 * others' exp(z - max))` of the normalised logits `zs`, else 0 (ties go to the lower token). Float32 probabilities underflow to 0
 * beyond a logit gap of ~104 (float64 ones only beyond ~745) and saturate at 1 where float64 ones still
 * differ; their logs keep the order the reference's float64 probabilities have, so equal float32 keys are
 * ordered by them before the lower token (`expert-choice.wgsl.ts`).
 */
function tieKeysWgsl(spec: RouterSpecV1): string {
  if (spec.scoring.kind !== 'softmax') {
    return /* wgsl */ `
fn write_tie_keys(token: u32) {
  for (var e = 0u; e < CANDIDATES; e++) { tieKeys[token * CANDIDATES + e] = 0.0; }
}`;
  }
  return /* wgsl */ `
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
}`;
}
