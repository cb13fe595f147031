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
import { downProjectionBindings } from './grouped-gemm-down.wgsl.ts';
import { paramsStructWgsl, tiledMainWgsl } from './params.wgsl.ts';
import { type WeightDtype, weightElement, weightRowLoadWgsl } from './weight-load.wgsl.ts';

/**
 * The decode path of the down projection (instead of `grouped-gemm-down` for a few tokens): the same
 * expert-major `Y[row] = slotWeight[rowSlot[row]] * (W_down[e] hidden[row])`, router weight applied in the
 * epilogue, so `combine` is unchanged. Same workgroup shape, indirect launch and early exit as
 * `grouped-gemv-up.wgsl.ts`: a workgroup owns (row group of one expert, 8 of the `d` output columns), reads
 * those `W_down` rows once for all of the group's rows and splits the reduction over `f` across 32 lanes;
 * `hidden` is already expert-major, so no gather.
 */
export function groupedGemvDownWgsl(constants: {
  d: number;
  f: number;
  experts: number;
  maxTiles: number;
  rows: number;
  /** How the expert weights are stored (default float32). */
  weights?: WeightDtype;
  /** Reduce with subgroup shuffles (`gemvCoreWgsl`); needs the device's `subgroups` feature. */
  subgroups?: boolean;
}): string {
  const { d, f, rows } = constants;
  const vectorised = f % 4 === 0;
  const rowElements = vectorised ? f / 4 : f;
  const element = vectorised ? 'vec4<f32>' : 'f32';
  const dtype = constants.weights ?? 'f32';
  const core = gemvCoreWgsl({
    rows,
    depth: f,
    subgroups: constants.subgroups,
    matrices: 1,
    setupRow: (r) =>
      `let hiddenBase${r} = select(-1, i32((rowStart + ${r}u) * ${rowElements}u), ${r}u < rowCount);`,
    setupWeight: `let wBase = select(-1, i32((expert * D + column) * ${rowElements}u), column < D);`,
    loadRow: (r, k4) => `load_hidden(hiddenBase${r}, ${k4})`,
    loadWeight: (_, k4) => `load_down(wBase, ${k4})`,
  });
  const subgroupParts = gemvSubgroupWgsl(constants.subgroups);
  return /* wgsl */ `${subgroupParts.enable}
const D: u32 = ${d}u;
${gemvRowGroupConstantsWgsl({ ...constants, outputs: d })}
${paramsStructWgsl}${bindingsWgsl(downProjectionBindings, element, weightElement(dtype, vectorised))}
${gemvWorkgroupMemoryWgsl(rows)}
${rowLoadWgsl('load_hidden', 'hidden', f, vectorised)}
${weightRowLoadWgsl('load_down', 'wDown', f, vectorised, dtype)}
${tiledMainWgsl(gemvShape.threads, subgroupParts.builtin)}
${gemvRowGroupWgsl}
${core}
  if (reducer && outRow < rowCount && outColumn < D) {
    let row = rowStart + outRow;
    expertOut[row * D + outColumn] = slotWeight[u32(rowSlot[row])] * sum0;
  }
}
`;
}
