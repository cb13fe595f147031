import { createReferenceBackend, type KernelBackendV1 } from '@anyk/core';
import { create } from 'webgpu';
import { createWebGpuBackend, type WebGpuBackend } from '../backend/create-webgpu-backend.ts';

/**
 * Dawn's GPU object for Node tests (SwiftShader when `VK_ICD_FILENAMES` points at Chromium's ICD). Tests
 * must assert the adapter is non-null: a missing adapter is a failure, never a skip.
 */
export function createDawnGpu(): GPU {
  return create([]) as unknown as GPU;
}

/** What most WebGPU test files open once: Dawn, an adapter, a backend on it, and core's reference. */
export interface DawnBackends {
  readonly gpu: GPU;
  readonly adapter: GPUAdapter;
  readonly backend: WebGpuBackend;
  readonly reference: KernelBackendV1;
}

/**
 * Opens {@link DawnBackends}. A null adapter throws (a failure, never a skip). The backend
 * is created with the GPU object too, so it keeps Dawn reachable for its whole life.
 */
export async function openDawnBackends(): Promise<DawnBackends> {
  const gpu = createDawnGpu();
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('Dawn returned no adapter: is VK_ICD_FILENAMES set to SwiftShader?');
  return {
    gpu,
    adapter,
    backend: await createWebGpuBackend({ gpu, adapter }),
    reference: await createReferenceBackend(),
  };
}
