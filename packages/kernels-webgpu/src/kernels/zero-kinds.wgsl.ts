import type { ZeroExpertKind } from '@anyk/core';

/** Kind codes of zero-computation experts inside the kernels. */
export const zeroKindCode = { zero: 0, copy: 1, constant: 2 } as const satisfies Record<
  ZeroExpertKind,
  number
>;

/**
 * WGSL helpers over the zero-computation experts (ids `EXPERTS ..`): `zero_kind(e)` (the code above, or 3
 * for a real expert), `is_zero_kind(e)` and `constant_index(e)` (which row of `W_c` / `v` a constant expert
 * uses). Generated as switches so the kinds are compile-time facts of the layer.
 */
export function zeroKindsWgsl(experts: number, kinds: readonly ZeroExpertKind[]): string {
  const kindCases = kinds.map(
    (kind, index) => `    case ${experts + index}u: { return ${zeroKindCode[kind]}u; }`,
  );
  let constantIndex = 0;
  const constantCases: string[] = [];
  kinds.forEach((kind, index) => {
    if (kind === 'constant')
      constantCases.push(`    case ${experts + index}u: { return ${constantIndex++}u; }`);
  });
  return /* wgsl */ `
fn zero_kind(e: u32) -> u32 {
  switch (e) {
${kindCases.join('\n')}
    default: { return 3u; }
  }
}
fn is_zero_kind(e: u32) -> bool { return zero_kind(e) == ${zeroKindCode.zero}u; }
fn constant_index(e: u32) -> u32 {
  switch (e) {
${constantCases.join('\n')}
    default: { return 0u; }
  }
}
`;
}
