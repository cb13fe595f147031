import { BackendUnavailableError } from '@anyk/core';
import type * as Ort from 'onnxruntime-node';

/** The onnxruntime-node module (its namespace, as `import('onnxruntime-node')` gives it). */
export type OnnxRuntimeModule = typeof Ort;

/**
 * How the module is imported. The default is a dynamic `import('onnxruntime-node')`, so a CPU-only install
 * (which does not have this optional peer) never loads it; tests inject an importer that fails the way a
 * missing package does.
 */
export type OnnxRuntimeImporter = () => Promise<unknown>;

/** The package this engine needs, named in the error when it is missing. */
export const onnxRuntimePackage = 'onnxruntime-node';

const importOnnxRuntime: OnnxRuntimeImporter = () => import('onnxruntime-node');

/**
 * Loads onnxruntime-node. Rejects with `BackendUnavailableError` naming the package (and how to install it)
 * when it is not installed or its native binding cannot load.
 *
 * @throws {BackendUnavailableError} (rejects) when onnxruntime-node cannot be imported
 */
export async function loadOnnxRuntime(
  importer: OnnxRuntimeImporter = importOnnxRuntime,
): Promise<OnnxRuntimeModule> {
  let module: OnnxRuntimeModule & { default?: OnnxRuntimeModule };
  try {
    module = (await importer()) as OnnxRuntimeModule & { default?: OnnxRuntimeModule };
  } catch (error) {
    throw new BackendUnavailableError(
      onnxRuntimePackage,
      `the optional peer "${onnxRuntimePackage}" could not be loaded (install it with \`npm install ${onnxRuntimePackage}\`): ${(error as Error).message}`,
      { cause: error },
    );
  }
  // CommonJS interop: some loaders put the namespace under `default`.
  const namespace = module?.InferenceSession ? module : module?.default;
  if (!namespace?.InferenceSession) {
    throw new BackendUnavailableError(
      onnxRuntimePackage,
      `"${onnxRuntimePackage}" loaded but exports no InferenceSession`,
    );
  }
  return namespace;
}

/**
 * Session options: `intraOpNumThreads` follows the backend's `threads`; one operator at a time (the graphs are
 * chains). Several sessions (router, experts, dense products, the bench's peers) share the cores, so their
 * pools must not spin-wait between calls (`session.intra_op.allow_spinning = 0`): spinning pools fight over
 * 2 cores and run ~3x slower.
 */
export function ortSessionOptions(
  threads: number,
  sharedCores: boolean,
): Ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    ...(sharedCores ? { extra: { session: { intra_op: { allow_spinning: '0' } } } } : {}),
  };
}
