import { requireInteger } from '@anyk/core/internal';
import { maxWorkgroupsPerDimension } from '../gpu/gpu-constants.ts';
import {
  bindingsWgsl,
  type KernelBindings,
  operandElement,
  paramsBinding,
  read,
  write,
} from './bindings.wgsl.ts';
import { gemvMaxTokens } from './expert-ffn-path.ts';
import { rowLoadWgsl } from './gemm-core.wgsl.ts';
import { gemvCoreWgsl, gemvShape, gemvWorkgroupMemoryWgsl } from './gemv-core.wgsl.ts';
import { paramsStructWgsl, tiledMainWgsl } from './params.wgsl.ts';

/** The bindings of `dense-gemv`, in order (see `KernelBindings`). */
export const denseGemvBindings = {
  params: paramsBinding,
  a: read(operandElement),
  b: read(operandElement),
  c: write('f32'),
} as const satisfies KernelBindings;

/**
 * Dense `C [T, N] = A [T, K] B^T` (`B [N, K]`) for a decode batch of `T <= rows <= 8` rows, for the
 * diagnostics only: a decode MoE layer is weight-bandwidth bound, so apps/docs/site/guide/kernels.md judges
 * it against a
 * dense GEMV streaming the same weight bytes, not against a GEMM of the same FLOPs. It runs the grouped GEMVs'
 * loop and reduction (`gemvCoreWgsl`: 32 lanes per output column splitting K with `vec4` loads, one
 * accumulator per row, lanes summed in a fixed order) with plain row-major addressing in place of the plan's
 * row groups, so the two sides differ only in what the MoE layer adds (routing, plan, gather, combine, one
 * workgroup set per used expert). A workgroup owns `gemvShape.columns` = 8 output columns and every row; the
 * grid is `denseGemvGrid(n)` (folded into y past 65,535 workgroups; the extra ones return at once). Reads
 * `params.tokens` (T, at most `rows`; `rows` is baked into the WGSL like the grouped GEMVs' row bound, so
 * pass the same `rows` to compare like with like). Scalar loads when K is not a multiple of 4.
 */
export function denseGemvWgsl(constants: { n: number; k: number; rows: number }): string {
  const { n, k, rows } = constants;
  requireInteger('rows', rows, { min: 1, max: gemvMaxTokens });
  const vectorised = k % 4 === 0;
  const rowElements = vectorised ? k / 4 : k;
  const element = vectorised ? 'vec4<f32>' : 'f32';
  const core = gemvCoreWgsl({
    rows,
    depth: k,
    matrices: 1,
    setupRow: (r) => `let aBase${r} = select(-1, ${r * rowElements}, ${r}u < rowCount);`,
    setupWeight: `let wBase = select(-1, i32(column * ${rowElements}u), column < N);`,
    loadRow: (r, k4) => `load_a(aBase${r}, ${k4})`,
    loadWeight: (_, k4) => `load_b(wBase, ${k4})`,
  });
  return /* wgsl */ `
const N: u32 = ${n}u;
const ROWS: u32 = ${rows}u;
${paramsStructWgsl}${bindingsWgsl(denseGemvBindings, element)}
${gemvWorkgroupMemoryWgsl(rows)}
${rowLoadWgsl('load_a', 'a', k, vectorised)}
${rowLoadWgsl('load_b', 'b', k, vectorised)}
${tiledMainWgsl(gemvShape.threads)}
  let columnStart = (wid.x + wid.y * groups.x) * ${gemvShape.columns}u;
  if (columnStart >= N) { return; }
  let rowCount = min(params.tokens, ROWS);
${core}
  if (reducer && outRow < rowCount && outColumn < N) {
    c[outRow * N + outColumn] = sum0;
  }
}
`;
}

/** Workgroups of a dense GEMV over `n` output columns (8 per workgroup), folded into y past 65,535. */
export function denseGemvGrid(n: number): [number, number] {
  const groups = Math.ceil(n / gemvShape.columns);
  if (groups <= maxWorkgroupsPerDimension) return [groups, 1];
  return [maxWorkgroupsPerDimension, Math.ceil(groups / maxWorkgroupsPerDimension)];
}
