import type { KernelBindings } from '../kernels/bindings.wgsl.ts';
import { shaderStageCompute } from './gpu-constants.ts';

/**
 * A compiled-on-demand WGSL kernel: its source and its bindings by name (the ones its WGSL declares, from
 * the same object), which is what a dispatch passes buffers by.
 */
export interface KernelSource<Name extends string = string> {
  /** A short name for error messages and dispatch counters. */
  readonly name: string;
  readonly code: string;
  readonly bindings: KernelBindings<Name>;
}

/** A pipeline with its explicit bind group layout (explicit, so unused bindings are never pruned). */
export interface CompiledKernel {
  readonly name: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  /** The binding names in binding order (0, 1, ...). */
  readonly bindingNames: readonly string[];
}

/** One level of the bind-group trie: the buffer bound next, and the group whose buffers end here. */
interface BindGroupNode {
  readonly next: WeakMap<GPUBuffer, BindGroupNode>;
  group?: GPUBindGroup;
}

/**
 * Caches pipelines by WGSL text, and the bind groups made for them. Kernels bake shape constants (E, kMax,
 * d, f, rule) into the source, so one layer configuration compiles once and every later call is a lookup:
 * by the `KernelSource` object first (`kernelSources` hands out the same object for the same arguments),
 * then by the text.
 *
 * Bind groups: a layer's buffers come from the pool and its weights from the resident cache, so a layer
 * called again binds the very same buffers, and creating ~8 bind groups was the largest host cost of
 * recording a layer. They are kept in a trie of WeakMaps keyed by the layout and then each bound buffer in
 * order: a hit needs the identical buffers, and an entry goes away with the buffers it names (a bind group
 * is immutable, so reusing one is exactly creating it again). Destroyed buffers are never bound again (the
 * pool and the weight cache drop them), so no entry is ever used after its buffers were destroyed.
 */
export class KernelCache {
  readonly #device: GPUDevice;
  readonly #cache = new Map<string, CompiledKernel>();
  readonly #bySource = new WeakMap<KernelSource, CompiledKernel>();
  readonly #bindGroups = new WeakMap<GPUBindGroupLayout, BindGroupNode>();
  #bindGroupsCreated = 0;

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  get(source: KernelSource): CompiledKernel {
    const known = this.#bySource.get(source);
    if (known) return known;
    const compiled = this.#cache.get(source.code) ?? this.#compile(source);
    this.#bySource.set(source, compiled);
    return compiled;
  }

  /** The bind group of `kernel` with `buffers` bound (whole) to bindings 0.. in order. */
  bindGroup(kernel: CompiledKernel, buffers: readonly GPUBuffer[]): GPUBindGroup {
    let node: BindGroupNode | undefined = this.#bindGroups.get(kernel.layout);
    if (!node) {
      node = { next: new WeakMap() };
      this.#bindGroups.set(kernel.layout, node);
    }
    for (const buffer of buffers) {
      let child: BindGroupNode | undefined = node.next.get(buffer);
      if (!child) {
        child = { next: new WeakMap() };
        node.next.set(buffer, child);
      }
      node = child;
    }
    node.group ??= this.#createBindGroup(kernel, buffers);
    return node.group;
  }

  get size(): number {
    return this.#cache.size;
  }

  /** Bind groups created so far (the rest of the binds were cache hits). */
  get bindGroupsCreated(): number {
    return this.#bindGroupsCreated;
  }

  #createBindGroup(kernel: CompiledKernel, buffers: readonly GPUBuffer[]): GPUBindGroup {
    this.#bindGroupsCreated++;
    return this.#device.createBindGroup({
      label: kernel.name,
      layout: kernel.layout,
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  #compile(source: KernelSource): CompiledKernel {
    const layout = this.#device.createBindGroupLayout({
      label: source.name,
      entries: Object.values(source.bindings).map(({ access }, binding) => ({
        binding,
        visibility: shaderStageCompute,
        buffer: {
          type: access === 'uniform' ? 'uniform' : access === 'read' ? 'read-only-storage' : 'storage',
        },
      })),
    });
    const module = this.#device.createShaderModule({ label: source.name, code: source.code });
    const pipeline = this.#device.createComputePipeline({
      label: source.name,
      layout: this.#device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main' },
    });
    const compiled = { name: source.name, pipeline, layout, bindingNames: Object.keys(source.bindings) };
    this.#cache.set(source.code, compiled);
    return compiled;
  }
}
