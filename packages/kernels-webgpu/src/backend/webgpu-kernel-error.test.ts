import { KernelError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { createDawnGpu } from '../testing/dawn-gpu.ts';
import { layerCases } from '../testing/layer-cases.ts';
import { createWebGpuBackend } from './create-webgpu-backend.ts';

/**
 * A WebGPU validation or out-of-memory error caught by the backend's error scopes surfaces as core's
 * `KernelError` naming the backend, the call and the device's error. A real device is wrapped so that its
 * next `popErrorScope` reports an error, as Dawn does when a dispatch is invalid.
 */
describe('device errors', () => {
  it('a validation error of a call rejects with KernelError (backend, kernel, cause)', async () => {
    const gpu = createDawnGpu();
    const adapter = await gpu.requestAdapter();
    expect(adapter, 'Dawn adapter (VK_ICD_FILENAMES set to SwiftShader?)').not.toBeNull();
    const device = await (adapter as GPUAdapter).requestDevice();
    const injected = { message: 'Invalid dispatch: injected by the test' };
    let failNextPop = false;
    const wrapped = new Proxy(device, {
      get(target, property) {
        if (property === 'popErrorScope') {
          return async () => {
            const real = await target.popErrorScope();
            if (!failNextPop) return real;
            failNextPop = false;
            return injected;
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const backend = await createWebGpuBackend({ device: wrapped });
    try {
      const { layer, input } = layerCases()[1]!;
      await backend.forward(layer, input);
      failNextPop = true;
      const error = await backend.forward(layer, input).catch((caught: unknown) => caught);
      expect(KernelError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        code: 'kernel-failed',
        backend: 'webgpu',
        kernel: 'forward',
        cause: injected,
      });
      expect((error as Error).message).toBe(
        'backend "webgpu" failed in kernel "forward": Invalid dispatch: injected by the test',
      );
      // The backend stays usable after a reported error.
      await expect(backend.forward(layer, input)).resolves.toBeDefined();
    } finally {
      await backend.dispose();
      device.destroy();
    }
  });
});
