export {
  createNodeBackend,
  type NodeBackend,
  type NodeBackendOptions,
  type NodeEngine,
  type NodeEngineOption,
} from './create-node-backend.ts';
export type { DenseMatmulArgs } from './dense-matmul-args.ts';
export {
  KernelRuntime,
  type KernelRuntimeOptions,
  type PackedMatrix,
  panelCount,
  view,
} from './kernel-runtime.ts';
export { decodeTokenLimit, type NodeForwardSaved } from './layer-forward.ts';
