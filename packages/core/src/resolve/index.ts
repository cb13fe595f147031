export {
  type BackendCandidate,
  type BackendFailure,
  type ResolveBackendOptions,
  type ResolvedBackend,
  resolveBackend,
} from './resolve-backend.ts';
