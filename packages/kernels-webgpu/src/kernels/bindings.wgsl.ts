/**
 * How a kernel binds one buffer: the uniform block, read-only storage or read-write storage. `type` is the
 * WGSL type (the struct of a uniform, the element of a storage array); `operandElement` stands for the
 * element a tiled kernel picks by shape (`vec4<f32>` or `f32`), filled in by `bindingsWgsl`.
 */
export interface BindingSpec {
  readonly access: 'uniform' | 'read' | 'write';
  readonly type: string;
}

/**
 * A kernel's bindings by name, in binding order (group 0, binding 0, 1, ...). This object is the one place
 * a kernel's binding order is written: the WGSL declarations are generated from it (`bindingsWgsl`), the
 * pipeline's bind-group layout is built from it (`KernelCache`), and dispatches pass buffers by these
 * names (`CommandRecorder.dispatch`). The names are the WGSL variable names.
 */
export type KernelBindings<Name extends string = string> = { readonly [Key in Name]: BindingSpec };

/** Placeholder element type of operands a tiled kernel reads as `vec4<f32>` when it can (see `BindingSpec`). */
export const operandElement = 'operand';

/**
 * Placeholder element type of expert weight operands: `operandElement`'s choice for float32 weights, packed
 * 16-bit words for BF16/F16 weights (`weight-load.wgsl.ts`).
 */
export const weightOperandElement = 'weight-operand';

/** The uniform block every kernel reads at binding 0 (`params.wgsl.ts`). */
export const paramsBinding: BindingSpec = { access: 'uniform', type: 'Params' };

/** A read-only storage array of `element`. */
export function read(element: string): BindingSpec {
  return { access: 'read', type: element };
}

/** A read-write storage array of `element`. */
export function write(element: string): BindingSpec {
  return { access: 'write', type: element };
}

/**
 * The `@group(0) @binding(n)` declarations of `bindings`, one line each, in order; `element` replaces
 * `operandElement` (`vec4<f32>` when the reduction length is a multiple of 4, `f32` otherwise) and `weight`
 * replaces `weightOperandElement` (`element` itself for float32 weights).
 */
export function bindingsWgsl(bindings: KernelBindings, element = 'f32', weight = element): string {
  return Object.entries(bindings)
    .map(([name, binding], index) => {
      const prefix = `@group(0) @binding(${index})`;
      if (binding.access === 'uniform') return `${prefix} var<uniform> ${name}: ${binding.type};`;
      const access = binding.access === 'read' ? 'read' : 'read_write';
      const type =
        binding.type === operandElement
          ? element
          : binding.type === weightOperandElement
            ? weight
            : binding.type;
      return `${prefix} var<storage, ${access}> ${name}: array<${type}>;`;
    })
    .join('\n');
}
