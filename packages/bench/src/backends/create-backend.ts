import {
  AnykError,
  BackendUnavailableError,
  createReferenceBackend,
  InvalidArgumentError,
  type KernelBackendV1,
} from '@anyk/core';

/** Backend names the CLI understands, in the default preference order of `resolveBackend`. */
export const backendNames = ['webgpu', 'node', 'gpujs', 'reference'] as const;
export type BackendName = (typeof backendNames)[number];

/**
 * Dawn's GPU object, created once per process and kept referenced: when the object that opened a device is
 * garbage-collected while the device lives, Dawn aborts the process (`std::system_error`).
 */
let dawnGpuInstance: Promise<unknown> | undefined;

function dawnGpu(): Promise<unknown> {
  dawnGpuInstance ??= (async () => {
    const dawn = (await import('webgpu')) as { create: (flags: string[]) => unknown; globals: object };
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

/**
 * Creates a backend by name. Each backend package is imported only when asked for, so a missing optional
 * runtime (no WebGPU adapter, no gpu.js) fails that backend alone with a typed error saying why.
 */
export async function createBackend(
  name: string,
  options: { threads?: number } = {},
): Promise<KernelBackendV1> {
  switch (name) {
    case 'reference':
      return createReferenceBackend();
    case 'node': {
      const module = (await import('@anyk/kernels-node')) as Record<string, unknown>;
      const factory = module.createNodeBackend as
        | ((o: { threads?: number }) => Promise<KernelBackendV1>)
        | undefined;
      if (!factory)
        throw new BackendUnavailableError('node', 'createNodeBackend is not implemented in this build');
      return factory(options.threads === undefined ? {} : { threads: options.threads });
    }
    case 'gpujs': {
      const module = (await import('@anyk/kernels-node/gpujs')) as Record<string, unknown>;
      const factory = module.createGpuJsBackend as
        | ((o: { mode?: string }) => Promise<KernelBackendV1>)
        | undefined;
      if (!factory)
        throw new BackendUnavailableError('gpujs', 'createGpuJsBackend is not implemented in this build');
      return factory({});
    }
    case 'webgpu': {
      const module = (await import('@anyk/kernels-webgpu')) as Record<string, unknown>;
      const factory = module.createWebGpuBackend as
        | ((o: { gpu?: unknown }) => Promise<KernelBackendV1>)
        | undefined;
      if (!factory)
        throw new BackendUnavailableError('webgpu', 'createWebGpuBackend is not implemented in this build');
      let gpu: unknown;
      try {
        gpu = await dawnGpu();
      } catch (error) {
        throw new BackendUnavailableError(
          'webgpu',
          `the "webgpu" (Dawn) package could not load: ${(error as Error).message}`,
        );
      }
      return factory({ gpu });
    }
    default:
      throw new InvalidArgumentError('backend', `one of ${backendNames.join(', ')}`, name);
  }
}

/**
 * Tries backends in order and returns the first that can be created, with the reason each earlier one
 * failed (onnxruntime's execution-provider list, tfjs `ready()`).
 */
export async function resolveBackend(
  order: readonly string[] = ['node', 'reference'],
  options: { threads?: number } = {},
): Promise<{ backend: KernelBackendV1; failures: { name: string; reason: string }[] }> {
  const failures: { name: string; reason: string }[] = [];
  for (const name of order) {
    try {
      return { backend: await createBackend(name, options), failures };
    } catch (error) {
      failures.push({
        name,
        reason: AnykError.isInstance(error) || error instanceof Error ? error.message : String(error),
      });
    }
  }
  throw new BackendUnavailableError(
    order.join(' | '),
    failures.map((failure) => `${failure.name}: ${failure.reason}`).join('; '),
  );
}
