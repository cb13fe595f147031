/**
 * `@anyk/core`: the versioned contracts every anyk package speaks, the typed errors, the float64 reference
 * backend's factory and `resolveBackend`. Measuring tools are in `@anyk/core/diagnostics`, the conformance
 * kit in `@anyk/core/testing`, and the building blocks other anyk packages share (the reference routing,
 * plan and validation helpers) in `@anyk/core/internal`, which is unstable.
 */
export * from './contracts/index.ts';
export * from './errors/index.ts';
export {
  createReferenceBackend,
  type ReferenceBackendOptions,
} from './reference/create-reference-backend.ts';
export * from './resolve/index.ts';
export { toHalfTensor, widenHalfTensor } from './util/half-tensor.ts';
