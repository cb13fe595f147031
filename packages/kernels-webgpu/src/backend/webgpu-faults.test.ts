import { AnykError, BackendLostError, type KernelBackendV1 } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { layerMismatches } from '../testing/compare-results.ts';
import { layerCases } from '../testing/layer-cases.ts';
import { createWebGpuBackend } from './create-webgpu-backend.ts';

let gpu: GPU | undefined;
let reference: KernelBackendV1;

useDawnBackends((opened) => {
  ({ gpu, reference } = opened);
});

/** A fresh adapter per device: Dawn lets an adapter open one device. */
async function freshAdapter(): Promise<GPUAdapter> {
  const adapter = await (gpu as GPU).requestAdapter();
  expect(adapter).not.toBeNull();
  return adapter as GPUAdapter;
}

/** A call's outcome without leaving its rejection unhandled while the test does something else. */
const settle = (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    () => 'resolved',
    (error: unknown) => error,
  );

describe('WebGPU faults (issue 17)', () => {
  it('the device destroyed during a forward: that call rejects with BackendLostError, a new backend works', async () => {
    const device = await (await freshAdapter()).requestDevice();
    const backend = await createWebGpuBackend({ device });
    const { layer, input } = layerCases()[1]!;
    const call = settle(backend.forward(layer, input));
    device.destroy();
    const outcome = await call;
    // Dawn may finish the submitted work before the loss is seen; what must never happen is an untyped error.
    if (outcome !== 'resolved') expect(AnykError.isInstance(outcome)).toBe(true);
    await device.lost;
    await expect(backend.forward(layer, input)).rejects.toBeInstanceOf(BackendLostError);
    await backend.dispose();
    const fresh = await createWebGpuBackend({ adapter: await freshAdapter() });
    expect(layerMismatches(await fresh.forward(layer, input), await reference.forward(layer, input))).toEqual(
      [],
    );
    await fresh.dispose();
  });

  it('dispose() during a running forward: the call settles (result or BackendLostError), later calls reject', async () => {
    const backend = await createWebGpuBackend({ adapter: await freshAdapter() });
    const { layer, input } = layerCases()[2]!;
    const call = settle(backend.forward(layer, input));
    await backend.dispose();
    const outcome = await call;
    if (outcome !== 'resolved') expect(outcome).toBeInstanceOf(BackendLostError);
    await expect(backend.forward(layer, input)).rejects.toBeInstanceOf(BackendLostError);
  });

  it('a bad call (tokens 1.5, then a NaN x) does not poison the device: other shapes still work', async () => {
    const backend = await createWebGpuBackend({ adapter: await freshAdapter() });
    const [first, second] = layerCases();
    await expect(backend.forward(first!.layer, { ...first!.input, tokens: 1.5 })).rejects.toMatchObject({
      argument: 'input.tokens',
    });
    await expect(
      backend.forward(first!.layer, { ...first!.input, tokens: '3' as unknown as number }),
    ).rejects.toMatchObject({ argument: 'input.tokens' });
    for (const { layer, input } of [first!, second!]) {
      expect(
        layerMismatches(await backend.forward(layer, input), await reference.forward(layer, input)),
      ).toEqual([]);
    }
    await backend.dispose();
  });
});
