import { create } from 'webgpu';

/**
 * Dawn's GPU object for Node tests (SwiftShader when `VK_ICD_FILENAMES` points at Chromium's ICD). Tests
 * must assert the adapter is non-null: a missing adapter is a failure, never a skip.
 */
export function createDawnGpu(): GPU {
  return create([]) as unknown as GPU;
}
