import {
  bindingsWgsl,
  type KernelBindings,
  operandElement,
  paramsBinding,
  read,
  write,
} from './bindings.wgsl.ts';
import { gemmCoreWgsl, gemmStoresWgsl, gemmWorkgroupMemoryWgsl, rowLoadWgsl } from './gemm-core.wgsl.ts';
import { type GemmTiling, gemmThreads } from './gemm-tiles.ts';
import { paramsStructWgsl } from './params.wgsl.ts';

/** The bindings of `dense-gemm`, in order (see `KernelBindings`). */
export const denseGemmBindings = {
  params: paramsBinding,
  a: read(operandElement),
  b: read(operandElement),
  c: write('f32'),
} as const satisfies KernelBindings;

/**
 * Dense `C [M, N] = A [M, K] B^T` (`B [N, K]`) with the grouped GEMMs' tile loop (`gemm-core.wgsl.ts`) and
 * tiling, for the diagnostics only: the MoE layer is judged against this dense GEMM of the same FLOPs on the
 * same device (apps/docs/site/guide/kernels.md). The grid is `ceil(N / tiling.columns) x ceil(M /
 * tiling.rows)`. Reads
 * `params.tokens` (M).
 */
export function denseGemmWgsl(constants: { n: number; k: number; tiling: GemmTiling }): string {
  const { n, k, tiling } = constants;
  const { threads } = gemmThreads(tiling);
  const vectorised = k % 4 === 0;
  const rowElements = vectorised ? k / 4 : k;
  const core = gemmCoreWgsl({
    tiling,
    depth: k,
    setupA: (p) =>
      `let aBase${p} = select(-1, i32((rowStart + aRow${p}) * ${rowElements}u), rowStart + aRow${p} < m);`,
    setupB: (p) =>
      `let bBase${p} = select(-1, i32((columnStart + bRow${p}) * ${rowElements}u), columnStart + bRow${p} < N);`,
    loadA: (p, k4) => `load_a(aBase${p}, ${k4})`,
    loadB: (p, k4) => `load_b(bBase${p}, ${k4})`,
  });
  const stores = gemmStoresWgsl(tiling, {
    rowGuard: 'row < m',
    columns: 'N',
    store: (value) => `c[row * N + column] = ${value};`,
  });
  const element = vectorised ? 'vec4<f32>' : 'f32';
  return /* wgsl */ `
const N: u32 = ${n}u;
${paramsStructWgsl}${bindingsWgsl(denseGemmBindings, element)}
${gemmWorkgroupMemoryWgsl(tiling)}
${rowLoadWgsl('load_a', 'a', k, vectorised)}
${rowLoadWgsl('load_b', 'b', k, vectorised)}
@compute @workgroup_size(${threads})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  let rowStart = wid.y * ${tiling.rows}u;
  let columnStart = wid.x * ${tiling.columns}u;
  let m = params.tokens;
${core}
${stores}
}
`;
}
