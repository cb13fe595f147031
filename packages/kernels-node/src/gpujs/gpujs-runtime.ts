import { createRequire } from 'node:module';
import { BackendLostError, BackendUnavailableError, KernelError, UnsupportedError } from '@anyk/core';
import { LayerValidator } from '@anyk/core/internal';
import type { GPU, IGPUKernelSettings, IKernelRunShortcut } from 'gpu.js';
import { type GpuJsKernelDefinition, gpuJsKernelSource } from './kernels/index.ts';

/** The gpu.js modes this backend runs on in Node. */
export type GpuJsMode = 'webasm' | 'cpu' | 'headlessgl';

/** The gpu.js modes, for validation and messages. */
export const gpuJsModes: readonly GpuJsMode[] = ['webasm', 'cpu', 'headlessgl'];

/**
 * Largest array (and output) length a kernel may touch: gpu.js computes indices in float32 on webasm and
 * GL, so an index at or above 2^24 silently reads a neighbouring element (measured on webasm 2.24.1).
 */
export const maxGpuJsElements = 1 << 24;

/** A kernel argument: a float array or a scalar. */
export type GpuJsArgument = Float32Array | number;

/** Counters of one runtime, for `memory()`. */
export interface GpuJsRuntimeStats {
  readonly kernels: number;
  readonly calls: number;
  /** Bytes of WebAssembly memory held by compiled webasm kernels (0 on other modes). */
  readonly wasmBytes: number;
  readonly wasmModules: number;
}

/** gpu.js validates loops against this; its default (1000) silently truncates longer loops. */
const loopMaxIterations = maxGpuJsElements;

/** What this runtime reads from a gpu.js kernel instance (`shortcut.kernel`), all optional. */
interface KernelInternals {
  readonly constructor?: { readonly mode?: unknown };
  readonly fallbackReason?: unknown;
  readonly _moduleCache?: unknown;
}

/**
 * Why `mode: 'headlessgl'` cannot run here, or undefined when it can. headless-gl is gpu.js's optional
 * `gl` dependency (a native addon); without it gpu.js only says "not supported", so this names the cause.
 */
function headlessGlProblem(gpuClass: typeof GPU): string | undefined {
  if (gpuClass.isHeadlessGLSupported) return undefined;
  const requireFromHere = createRequire(import.meta.url);
  let glFound = true;
  try {
    createRequire(requireFromHere.resolve('gpu.js')).resolve('gl');
  } catch {
    glFound = false;
  }
  return glFound
    ? 'the `gl` package (headless-gl) is installed but could not create a WebGL context (no GPU/driver, or a failed native build)'
    : "the optional `gl` package (headless-gl), which gpu.js needs for mode 'headlessgl', is not installed";
}

/**
 * One gpu.js instance and the kernels compiled on it. Kernels are created once (dynamic output and
 * arguments) and reused; every call checks that gpu.js really ran the requested mode, because gpu.js
 * degrades some kernels to its cpu backend with only a console warning.
 */
export class GpuJsRuntime {
  readonly mode: GpuJsMode;
  /** Scans each weights object for non-finite values once (core's immutability contract). */
  readonly validator = new LayerValidator();
  private readonly gpu: GPU;
  private readonly poolSize: number | undefined;
  private readonly kernels = new Map<string, IKernelRunShortcut>();
  private calls = 0;
  private disposed = false;

  private constructor(mode: GpuJsMode, gpu: GPU, poolSize: number | undefined) {
    this.mode = mode;
    this.gpu = gpu;
    this.poolSize = poolSize;
  }

  /** Loads gpu.js (lazily, so importing the package does not load it) and opens an instance. */
  static async open(mode: GpuJsMode, poolSize: number | undefined): Promise<GpuJsRuntime> {
    let gpuClass: typeof GPU;
    try {
      gpuClass = (await import('gpu.js')).GPU;
    } catch (cause) {
      throw new BackendUnavailableError(
        'gpujs',
        'the gpu.js package could not be loaded: it is an optional peer dependency of @anyk/kernels-node, install it with `npm install gpu.js`',
        { cause },
      );
    }
    if (mode === 'headlessgl') {
      const problem = headlessGlProblem(gpuClass);
      if (problem !== undefined) throw new BackendUnavailableError('gpujs', problem);
    }
    if (mode === 'webasm' && !gpuClass.isWebAssemblySupported) {
      throw new BackendUnavailableError('gpujs', "mode 'webasm' needs WebAssembly, which this runtime lacks");
    }
    try {
      return new GpuJsRuntime(mode, new gpuClass({ mode }), poolSize);
    } catch (cause) {
      throw new BackendUnavailableError('gpujs', `gpu.js refused mode '${mode}'`, { cause });
    }
  }

  /**
   * Runs a kernel over a 2D output `[x, y]` and returns it flattened row-major (`index = y * x + x`).
   * Arguments are passed by the definition's parameter names.
   */
  async run(
    definition: GpuJsKernelDefinition,
    output: readonly [number, number],
    args: Readonly<Record<string, GpuJsArgument>>,
  ): Promise<Float32Array> {
    if (this.disposed) throw new BackendLostError('gpujs', 'it was disposed');
    const [width, height] = output;
    const cells = width * height;
    if (cells === 0) return new Float32Array(0);
    if (cells > maxGpuJsElements) {
      throw new UnsupportedError(
        `kernel ${definition.name} with ${cells} output cells`,
        `gpu.js indexes in float32, so outputs and arrays are limited to ${maxGpuJsElements} (2^24) elements`,
      );
    }
    const positional = definition.parameters.map((name) => {
      const value = args[name];
      if (value === undefined)
        throw new Error(`internal: kernel ${definition.name} missing argument ${name}`);
      if (typeof value !== 'number' && value.length > maxGpuJsElements) {
        throw new UnsupportedError(
          `${name} with ${value.length} elements (kernel ${definition.name})`,
          `gpu.js indexes in float32, so arrays are limited to ${maxGpuJsElements} (2^24) elements`,
        );
      }
      return value;
    });
    const kernel = this.kernel(definition);
    let result: ArrayLike<Float32Array>;
    try {
      kernel.setOutput([width, height]);
      result = (await (kernel(...positional) as unknown as Promise<unknown>)) as ArrayLike<Float32Array>;
    } catch (cause) {
      throw new KernelError('gpujs', `${definition.name} (mode '${this.mode}')`, cause);
    }
    this.calls++;
    const internals = kernel.kernel as unknown as KernelInternals;
    const ranMode = internals.constructor?.mode;
    if (ranMode !== this.mode) {
      throw new UnsupportedError(
        `kernel ${definition.name} in gpu.js mode '${this.mode}'`,
        `gpu.js ran it on '${String(ranMode)}' instead (${String(internals.fallbackReason ?? 'no reason given')})`,
      );
    }
    const flat = new Float32Array(cells);
    for (let row = 0; row < height; row++) flat.set(result[row] as Float32Array, row * width);
    return flat;
  }

  private kernel(definition: GpuJsKernelDefinition): IKernelRunShortcut {
    const existing = this.kernels.get(definition.name);
    if (existing) return existing;
    // `loopMaxIterations` is a kernel setting gpu.js honours but its d.ts does not list.
    const settings: IGPUKernelSettings & { loopMaxIterations: number } = {
      output: [1, 1],
      dynamicOutput: true,
      dynamicArguments: true,
      precision: 'single',
      asyncMode: true,
      loopMaxIterations,
    };
    if (this.poolSize !== undefined) settings.poolSize = this.poolSize;
    const created = this.gpu.createKernel(gpuJsKernelSource(definition), settings);
    this.kernels.set(definition.name, created);
    return created;
  }

  /** Kernel and memory counters (webasm memory read from gpu.js's kernel module caches, where present). */
  stats(): GpuJsRuntimeStats {
    let wasmBytes = 0;
    let wasmModules = 0;
    for (const kernel of this.kernels.values()) {
      const cache = (kernel.kernel as unknown as KernelInternals)._moduleCache;
      if (!(cache instanceof Map)) continue;
      for (const entry of cache.values() as IterableIterator<{ memory?: { buffer?: ArrayBufferLike } }>) {
        const bytes = entry.memory?.buffer?.byteLength;
        if (typeof bytes === 'number') {
          wasmBytes += bytes;
          wasmModules++;
        }
      }
    }
    return { kernels: this.kernels.size, calls: this.calls, wasmBytes, wasmModules };
  }

  /** Destroys every kernel (and the webasm worker pool) and the gpu.js instance. Idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.kernels.clear();
    await this.gpu.destroy();
  }
}
