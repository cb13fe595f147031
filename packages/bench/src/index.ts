export {
  type BackendName,
  backendCandidates,
  backendNames,
  type CreateBackendOptions,
  createBackend,
  isBackendName,
} from './backends/create-backend.ts';
export { evaluateFixture } from './conformance/evaluate-fixture.ts';
export { routerFromFixture } from './conformance/router-from-fixture.ts';
