import type { KernelBackendV1 } from '../contracts/kernel-backend-v1.ts';

const requiredMethods = ['route', 'routeBackward', 'forward', 'backward', 'memory', 'dispose'] as const;

/**
 * Duck-checks a value against `KernelBackendV1`: `specificationVersion === 'v1'`, a string `name`, a
 * `capabilities` object and every method. Returns undefined when it is one, else what is missing (for the
 * error message). A duck check, not `instanceof`: backends come from other packages (and other copies).
 */
export function describeNonBackend(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null)
    return `it returned ${value === null ? 'null' : typeof value}`;
  const backend = value as Partial<Record<keyof KernelBackendV1, unknown>>;
  if (backend.specificationVersion !== 'v1')
    return `it returned an object whose specificationVersion is ${JSON.stringify(backend.specificationVersion)}, not "v1"`;
  if (typeof backend.name !== 'string') return 'it returned a backend without a string name';
  if (typeof backend.capabilities !== 'object' || backend.capabilities === null)
    return 'it returned a backend without capabilities';
  const missing = requiredMethods.filter((method) => typeof backend[method] !== 'function');
  if (missing.length > 0) return `it returned a backend without ${missing.join(', ')}`;
  return undefined;
}

/** True when `value` has the shape of a `KernelBackendV1` (see {@link describeNonBackend}). */
export function isKernelBackend(value: unknown): value is KernelBackendV1 {
  return describeNonBackend(value) === undefined;
}
