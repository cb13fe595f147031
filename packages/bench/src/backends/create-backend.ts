import {
  type BackendCandidate,
  BackendUnavailableError,
  createReferenceBackend,
  InvalidArgumentError,
  type KernelBackendV1,
} from '@anyk/core';

/** Backend names the CLI understands, in the order an app would usually prefer them. */
export const backendNames = ['webgpu', 'node', 'gpujs', 'reference'] as const;
export type BackendName = (typeof backendNames)[number];

export interface CreateBackendOptions {
  /** Worker threads for the node backend (ignored by the others). */
  readonly threads?: number;
  /**
   * The node backend's matrix engine (`wasm` by default, `onnxruntime` through the optional peer
   * onnxruntime-node, `auto`); ignored by the others.
   */
  readonly engine?: 'auto' | 'wasm' | 'onnxruntime';
}

/**
 * The CLI's name → factory table. Each factory imports its package only when called, so a missing optional
 * runtime (no WebGPU adapter, no gpu.js) fails that backend alone, with a typed error saying why.
 */
const factories: {
  readonly [Name in BackendName]: (options: CreateBackendOptions) => Promise<KernelBackendV1>;
} = {
  reference: () => createReferenceBackend(),
  node: async ({ threads, engine }) => {
    const { createNodeBackend } = await import('@anyk/kernels-node');
    return createNodeBackend({
      ...(threads === undefined ? {} : { threads }),
      ...(engine === undefined ? {} : { engine }),
    });
  },
  gpujs: () => createGpuJs(),
  webgpu: async () => {
    const { createWebGpuBackend } = await import('@anyk/kernels-webgpu');
    return createWebGpuBackend({ gpu: await dawnGpu() });
  },
};

/** The gpu.js backend, kept in one function: the one place that knows which module exports it. */
async function createGpuJs(): Promise<KernelBackendV1> {
  const { createGpuJsBackend } = await import('@anyk/kernels-node/gpujs');
  return createGpuJsBackend({});
}

/**
 * Dawn's GPU object, created once per process and kept referenced: when the object that opened a device is
 * garbage-collected while the device lives, Dawn aborts the process (`std::system_error`).
 */
let dawnGpuInstance: Promise<GPU> | undefined;

function dawnGpu(): Promise<GPU> {
  dawnGpuInstance ??= (async () => {
    let dawn: typeof import('webgpu');
    try {
      dawn = await import('webgpu');
    } catch (error) {
      throw new BackendUnavailableError(
        'webgpu',
        `the "webgpu" (Dawn) package could not load: ${(error as Error).message}`,
        { cause: error },
      );
    }
    Object.assign(globalThis, dawn.globals);
    // Unquantised timestamps: the webgpu suites time kernels with timestamp queries (Dawn rounds them
    // otherwise, as browsers do against timing attacks; a local benchmark needs the real values).
    return dawn.create(['disable-dawn-features=timestamp_quantization']);
  })();
  dawnGpuInstance.catch(() => {
    dawnGpuInstance = undefined;
  });
  return dawnGpuInstance;
}

/** True when `name` is one of {@link backendNames}. */
export function isBackendName(name: string): name is BackendName {
  return (backendNames as readonly string[]).includes(name);
}

function checkName(name: string): BackendName {
  if (!isBackendName(name))
    throw new InvalidArgumentError('backend', `one of ${backendNames.join(', ')}`, name);
  return name;
}

/** Creates one backend by name; an unknown name is an `InvalidArgumentError`. */
export async function createBackend(
  name: string,
  options: CreateBackendOptions = {},
): Promise<KernelBackendV1> {
  return factories[checkName(name)](options);
}

/**
 * The candidates for `resolveBackend` from `@anyk/core`, in the given order of names:
 * `await resolveBackend(backendCandidates(['node', 'reference']))`.
 */
export function backendCandidates(
  names: readonly string[],
  options: CreateBackendOptions = {},
): BackendCandidate[] {
  return names.map((name) => {
    const known = checkName(name);
    return { name: known, create: () => factories[known](options) };
  });
}
