import type { ExpertKindV1 } from '@anyk/core';
import { activationsWgsl } from './activations.wgsl.ts';
import { bindingsWgsl } from './bindings.wgsl.ts';
import { rowLoadWgsl } from './gemm-core.wgsl.ts';
import {
  gemvCoreWgsl,
  gemvRowGroupConstantsWgsl,
  gemvRowGroupWgsl,
  gemvShape,
  gemvSubgroupWgsl,
  gemvWorkgroupMemoryWgsl,
} from './gemv-core.wgsl.ts';
import { upProjectionBindings } from './grouped-gemm-up.wgsl.ts';
import { paramsStructWgsl, tiledMainWgsl } from './params.wgsl.ts';
import { type WeightDtype, weightElement, weightRowLoadWgsl } from './weight-load.wgsl.ts';

/**
 * The decode path of the first projection (used instead of `grouped-gemm-up` for a few tokens, see
 * `pickExpertFfnPath`): the same result, `hidden[row] = act(s W_gate[e] x_t) * (s W_up[e] x_t)` (SwiGLU) or
 * `act(s W_up[e] x_t)` (SiLU / GELU MLP) for every plan row (token `t = rowToken[row]`, `s = params.scalar0`,
 * the MoE++ expert input scale, 1 otherwise), but shaped for 1-8 rows per expert: a 32-row GEMM tile would
 * compute at most 8 real rows, while here a workgroup owns (row group of one expert, 8 hidden units), streams
 * those units' gate and up weight rows once for all of the group's rows (`rows` accumulators per thread,
 * `rows` = the batch's tokens rounded up to a power of two, which bounds rows per expert), and splits the
 * reduction over `d` across 32 lanes with `vec4` loads that coalesce along K. Rows are gathered through
 * `rowToken` (no permuted copy of x). Launched with `dispatchWorkgroupsIndirect` on the arguments the plan
 * scan wrote with `tileRows = rows`, so only experts with rows get workgroups and the host never reads the
 * plan: workgroup id -> (row group, column block), row group -> expert through `tileExpert`. Workgroups past
 * the device-side group count (only in a grid folded into y) return at once.
 */
export function groupedGemvUpWgsl(constants: {
  d: number;
  f: number;
  experts: number;
  maxTiles: number;
  expert: ExpertKindV1;
  rows: number;
  /** How the expert weights are stored (default float32). */
  weights?: WeightDtype;
  /** Reduce with subgroup shuffles (`gemvCoreWgsl`); needs the device's `subgroups` feature. */
  subgroups?: boolean;
}): string {
  const { d, f, rows } = constants;
  const gated = constants.expert.kind === 'swiglu';
  const activation =
    constants.expert.kind === 'mlp' && constants.expert.activation === 'gelu' ? 'gelu' : 'silu';
  const vectorised = d % 4 === 0;
  const rowElements = vectorised ? d / 4 : d;
  const element = vectorised ? 'vec4<f32>' : 'f32';
  const dtype = constants.weights ?? 'f32';
  const loads = gated ? ['load_gate', 'load_up'] : ['load_up'];
  const core = gemvCoreWgsl({
    rows,
    depth: d,
    subgroups: constants.subgroups,
    matrices: loads.length,
    setupRow: (r) => `var xBase${r} = -1;
  if (${r}u < rowCount) { xBase${r} = rowToken[rowStart + ${r}u] * ${rowElements}; }`,
    setupWeight: `let wBase = select(-1, i32((expert * F + column) * ${rowElements}u), column < F);`,
    loadRow: (r, k4) => `load_x(xBase${r}, ${k4})`,
    loadWeight: (m, k4) => `${loads[m]}(wBase, ${k4})`,
  });
  const value = gated ? 'silu(scale * sum0) * (scale * sum1)' : `${activation}(scale * sum0)`;
  const subgroupParts = gemvSubgroupWgsl(constants.subgroups);
  return /* wgsl */ `${subgroupParts.enable}
const F: u32 = ${f}u;
${gemvRowGroupConstantsWgsl({ ...constants, outputs: f })}
${paramsStructWgsl}${bindingsWgsl(upProjectionBindings, element, weightElement(dtype, vectorised))}
${gemvWorkgroupMemoryWgsl(rows)}
${activationsWgsl}
${rowLoadWgsl('load_x', 'x', d, vectorised)}
${weightRowLoadWgsl('load_gate', 'wGate', d, vectorised, dtype)}
${weightRowLoadWgsl('load_up', 'wUp', d, vectorised, dtype)}
${tiledMainWgsl(gemvShape.threads, subgroupParts.builtin)}
${gemvRowGroupWgsl}
  let scale = params.scalar0;
${core}
  if (reducer && outRow < rowCount && outColumn < F) {
    hidden[(rowStart + outRow) * F + outColumn] = ${value};
  }
}
`;
}
