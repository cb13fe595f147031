import { shaderStageCompute } from './gpu-constants.ts';

/** How a kernel binds a buffer: read-only storage, read-write storage, or uniform. */
export type BindingKind = 'read' | 'write' | 'uniform';

/** A compiled-on-demand WGSL kernel: its source and the kinds of its bindings 0..n-1 in group 0. */
export interface KernelSource {
  /** A short name for error messages and dispatch counters. */
  readonly name: string;
  readonly code: string;
  readonly bindings: readonly BindingKind[];
}

/** A pipeline with its explicit bind group layout (explicit, so unused bindings are never pruned). */
export interface CompiledKernel {
  readonly name: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

/**
 * Caches pipelines by WGSL text. Kernels bake shape constants (E, kMax, d, f, rule) into the source, so one
 * layer configuration compiles once and every later call is a map lookup.
 */
export class KernelCache {
  readonly #device: GPUDevice;
  readonly #cache = new Map<string, CompiledKernel>();

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  get(source: KernelSource): CompiledKernel {
    const cached = this.#cache.get(source.code);
    if (cached) return cached;
    const layout = this.#device.createBindGroupLayout({
      label: source.name,
      entries: source.bindings.map((kind, binding) => ({
        binding,
        visibility: shaderStageCompute,
        buffer: { type: kind === 'uniform' ? 'uniform' : kind === 'read' ? 'read-only-storage' : 'storage' },
      })),
    });
    const module = this.#device.createShaderModule({ label: source.name, code: source.code });
    const pipeline = this.#device.createComputePipeline({
      label: source.name,
      layout: this.#device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main' },
    });
    const compiled = { name: source.name, pipeline, layout };
    this.#cache.set(source.code, compiled);
    return compiled;
  }

  get size(): number {
    return this.#cache.size;
  }
}
