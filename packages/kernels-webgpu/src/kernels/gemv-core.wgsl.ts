import { planMetaLayout } from './plan-layout.ts';
/**
 * The shape of a grouped-GEMV workgroup: `columns` output columns, each reduced by `lanes` threads that split
 * the reduction dimension (256 threads). 32 lanes per column means one warp (NVIDIA) or half a wavefront
 * (AMD) reads one weight row in 512-byte coalesced runs of `vec4`s; 8 columns per workgroup gives
 * `ceil(outputs / 8)` workgroups per active expert, enough to fill a GPU even when only one expert is used.
 */
export const gemvShape = { columns: 8, lanes: 32, threads: 256 } as const;

/** Workgroups along the output columns of one expert's GEMV (`outputs` = f for the up, d for the down). */
export function gemvColumnBlocks(outputs: number): number {
  return Math.ceil(outputs / gemvShape.columns);
}

/** What a GEMV kernel supplies to the shared reduction loop, as WGSL text. */
export interface GemvCoreParts {
  /** Rows (tokens) of one expert a workgroup handles at most: one accumulator each per weight matrix. */
  readonly rows: number;
  /** The reduction length. */
  readonly depth: number;
  /** Weight matrices multiplied by the same rows (2 for SwiGLU: gate and up; 1 otherwise). */
  readonly matrices: number;
  /** Statements run once per thread before the loop, e.g. declaring `var inBase{r}` (-1 for a masked row). */
  readonly setupRow: (row: number) => string;
  /**
   * Statements declaring `let wBase` from `column`: where this thread's weight row starts (-1 past the last
   * column). SwiGLU's gate and up matrices have the same layout, so one base serves every matrix.
   */
  readonly setupWeight: string;
  /** An expression of type `vec4<f32>`: K-elements `4 * k4 .. 4 * k4 + 3` of row `r`'s input, zero past K. */
  readonly loadRow: (row: number, k4: string) => string;
  /** The same for weight matrix `m`'s row of this thread's column (at `wBase`). */
  readonly loadWeight: (matrix: number, k4: string) => string;
  /**
   * Sum the lanes of a column with subgroup shuffles first (`main` must then declare `sgSize`, the
   * `subgroup_size` builtin, and the module `enable subgroups;`): see `gemvCoreWgsl`. Default false.
   */
  readonly subgroups?: boolean | undefined;
}

/**
 * What a GEMV module needs for the subgroup reduction, when `subgroups` is set: the `enable` directive (first
 * in the module) and `main`'s extra builtin. Empty strings otherwise.
 */
export function gemvSubgroupWgsl(subgroups: boolean | undefined): { enable: string; builtin: string } {
  return subgroups
    ? { enable: 'enable subgroups;\n', builtin: '  @builtin(subgroup_size) sgSize: u32,\n' }
    : { enable: '', builtin: '' };
}

/**
 * The module constants `gemvRowGroupWgsl` reads, for a grouped GEMV over `experts` experts with row groups
 * of at most `rows` rows and `outputs` output columns (its plan layout from `planMetaLayout`).
 */
export function gemvRowGroupConstantsWgsl(shape: {
  experts: number;
  maxTiles: number;
  rows: number;
  outputs: number;
}): string {
  const layout = planMetaLayout(shape.experts, shape.maxTiles);
  return /* wgsl */ `const EXPERTS: u32 = ${shape.experts}u;
const ROWS: u32 = ${shape.rows}u;
const COLUMN_BLOCKS: u32 = ${gemvColumnBlocks(shape.outputs)}u;
const TILE_OFFSET: u32 = ${layout.tileOffset}u;
const TILE_EXPERT: u32 = ${layout.tileExpert}u;`;
}

/**
 * The start of a grouped GEMV's `main`: which row group (of one expert, at most `ROWS` rows) and which block
 * of output columns this workgroup owns, from the indirect grid the plan scan sized (`COLUMN_BLOCKS` per row
 * group; workgroups past the device-side group count, only in a grid folded into y, return at once).
 * Declares `columnStart`, `expert`, `rowStart` and `rowCount` (1..ROWS, uniform across the workgroup).
 */
export const gemvRowGroupWgsl = /* wgsl */ `  let linear = wid.x + wid.y * groups.x;
  let rowGroup = linear / COLUMN_BLOCKS;
  if (rowGroup >= planMeta[TILE_OFFSET + EXPERTS]) { return; }
  let columnStart = (linear % COLUMN_BLOCKS) * ${gemvShape.columns}u;
  let expert = planMeta[TILE_EXPERT + rowGroup];
  let rowStart = planMeta[expert] + (rowGroup - planMeta[TILE_OFFSET + expert]) * ROWS;
  let rowCount = min(planMeta[expert + 1u] - rowStart, ROWS);`;

/** The workgroup memory of the cross-lane reduction (declared at module scope). */
export function gemvWorkgroupMemoryWgsl(rows: number): string {
  return /* wgsl */ `
var<workgroup> partial: array<f32, ${rows * gemvPartialRowStride()}>;`;
}

/** One row's partial sums: a padded run of `lanes` per column (the padding spreads reducers over banks). */
function gemvPartialRowStride(): number {
  return gemvShape.columns * (gemvShape.lanes + 1);
}

/** The name of the accumulator of weight matrix `m` and row `r` (one thread's share of the reduction). */
function accumulator(matrix: number, row: number): string {
  return `acc${matrix}_${row}`;
}

/**
 * The shared GEMV body, as statements inside `main` (which must have `local`, the `local_invocation_index`,
 * and `rowCount`, the rows of this workgroup, 1..rows, uniform across the workgroup). Thread `local` owns
 * column `columnStart + local / lanes` (declared here as `column`) and the `vec4`s `k4 = lane, lane + lanes,
 * ...` of the reduction: every weight `vec4` is loaded once and multiplied by all rows, so a workgroup
 * streams its weight rows exactly once whatever the number of tokens. Each thread keeps one accumulator per
 * (matrix, row); the lanes of a column are then summed in workgroup memory by one reducer thread per
 * (row, column) in lane order, which fixes the summation order: results are bit-stable run to run (no float
 * atomics). Declares `outRow` / `outColumn` (the reducer's output, valid when `reducer` is true) and `sum{m}`,
 * the finished dot products of each matrix.
 *
 * With `subgroups`, a butterfly of `subgroupShuffleXor` first sums each aligned block of `B = min(sgSize,
 * lanes)` lanes in registers, and only each block's first lane writes workgroup memory: the reducer then adds
 * `lanes / B` values instead of `lanes` (1 on a 32-wide NVIDIA warp). The blocks must be the subgroups'
 * invocations in `local_invocation_index` order, which the backend checks once per device before it chooses
 * this path (`probeSubgroupLayout`). Still a fixed order, so still bit-stable run to run.
 */
export function gemvCoreWgsl(parts: GemvCoreParts): string {
  const { rows, matrices } = parts;
  const { columns, lanes } = gemvShape;
  const kVectors = Math.ceil(parts.depth / 4);
  // Lanes past the last vec4 of a short reduction hold zeros: the reducers skip them.
  const reduceLanes = Math.min(lanes, kVectors);
  const rowStride = gemvPartialRowStride();
  const lines: string[] = [];
  lines.push(
    `let lane = local % ${lanes}u;`,
    `let column = columnStart + local / ${lanes}u;`,
    `let partialBase = (local / ${lanes}u) * ${lanes + 1}u + lane;`,
  );
  lines.push(parts.setupWeight);
  for (let r = 0; r < rows; r++) lines.push(parts.setupRow(r));
  for (let m = 0; m < matrices; m++) {
    for (let r = 0; r < rows; r++) lines.push(`var ${accumulator(m, r)} = 0.0;`);
  }
  const body: string[] = [];
  for (let m = 0; m < matrices; m++) body.push(`let w${m} = ${parts.loadWeight(m, 'k4')};`);
  for (let r = 0; r < rows; r++) {
    const updates = Array.from(
      { length: matrices },
      (_, m) => `${accumulator(m, r)} += dot(v${r}, w${m});`,
    ).join(' ');
    // `rowCount` is uniform, so this branch never diverges inside a workgroup.
    body.push(`if (${r}u < rowCount) { let v${r} = ${parts.loadRow(r, 'k4')}; ${updates} }`);
  }
  lines.push(`for (var k4 = lane; k4 < ${kVectors}u; k4 += ${lanes}u) {
    ${body.join('\n    ')}
  }`);
  lines.push(
    `let reducer = local < ${rows * columns}u;`,
    `let outRow = local / ${columns}u;`,
    `let outColumn = columnStart + local % ${columns}u;`,
    `let reduceBase = outRow * ${rowStride}u + (local % ${columns}u) * ${lanes + 1}u;`,
  );
  if (parts.subgroups) lines.push(`let blockLanes = min(sgSize, ${lanes}u);`);
  for (let m = 0; m < matrices; m++) {
    const stores = Array.from({ length: rows }, (_, r) =>
      parts.subgroups
        ? `{ var v = ${accumulator(m, r)};
    for (var offset = blockLanes / 2u; offset > 0u; offset = offset / 2u) { v += subgroupShuffleXor(v, offset); }
    if (lane % blockLanes == 0u) { partial[${r * rowStride}u + partialBase] = v; } }`
        : `partial[${r * rowStride}u + partialBase] = ${accumulator(m, r)};`,
    );
    lines.push(`var sum${m} = 0.0;`);
    if (m > 0) lines.push('workgroupBarrier();'); // the previous matrix's reducers are done reading
    lines.push(...stores, 'workgroupBarrier();');
    lines.push(
      parts.subgroups
        ? `if (reducer) { for (var l = 0u; l < ${reduceLanes}u; l += blockLanes) { sum${m} += partial[reduceBase + l]; } }`
        : `if (reducer) { for (var l = 0u; l < ${reduceLanes}u; l++) { sum${m} += partial[reduceBase + l]; } }`,
    );
  }
  return lines.map((line) => `  ${line}`).join('\n');
}
