import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { bindingsWgsl, paramsBinding, write } from '../kernels/bindings.wgsl.ts';
import { gemmTilings } from '../kernels/gemm-tiles.ts';
import { kernelSources } from '../layer/kernel-sources.ts';
import { makeSpec } from '../testing/layer-fixtures.ts';
import { BufferPool } from './buffer-pool.ts';
import { CommandRecorder } from './command-recorder.ts';
import { KernelCache, type KernelSource } from './kernel-cache.ts';

let device: GPUDevice;

useDawnBackends((opened) => {
  device = opened.backend.device;
});

const echoBindings = { params: paramsBinding, out: write('f32'), spare: write('f32') } as const;

/** Writes the uniform block's `tokens` and `scalar0` into the first two elements of its output (`spare` is unused). */
const echoUniform: KernelSource<keyof typeof echoBindings> = {
  name: 'echo-uniform',
  code: /* wgsl */ `
struct Params { tokens: u32, count0: u32, count1: u32, count2: u32, scalar0: f32, scalar1: f32 }
${bindingsWgsl(echoBindings)}
@compute @workgroup_size(1)
fn main() {
  out[0] = f32(params.tokens);
  out[1] = params.scalar0;
}
`,
  bindings: echoBindings,
};

describe('kernel sources are memoised on their arguments', () => {
  it('equal arguments give the identical source object, other arguments another', () => {
    const first = kernelSources.denseGemm(64, 32, gemmTilings.small);
    expect(kernelSources.denseGemm(64, 32, gemmTilings.small)).toBe(first);
    // Compared by value, not by the identity of the tiling object.
    expect(kernelSources.denseGemm(64, 32, { ...gemmTilings.small })).toBe(first);
    const other = kernelSources.denseGemm(64, 32, gemmTilings.medium);
    expect(other).not.toBe(first);
    expect(other.code).not.toBe(first.code);
    expect(kernelSources.denseGemm(64, 36, gemmTilings.small).code).not.toBe(first.code);
  });

  it('a spec is compared by its contents, so a changed rule gets its own kernel', () => {
    const topTwo = kernelSources.routeTokens(makeSpec({ numExperts: 4 }), 2, 'full', false);
    expect(kernelSources.routeTokens(makeSpec({ numExperts: 4 }), 2, 'full', false)).toBe(topTwo);
    const topP = makeSpec({ numExperts: 4, selection: { kind: 'top-p', p: 0.5 } });
    expect(kernelSources.routeTokens(topP, 4, 'full', false).code).not.toBe(topTwo.code);
  });
});

describe('KernelCache', () => {
  it('compiles a source once, found by object or by text', () => {
    const kernels = new KernelCache(device);
    const compiled = kernels.get(echoUniform);
    expect(kernels.get(echoUniform)).toBe(compiled);
    expect(kernels.get({ ...echoUniform })).toBe(compiled);
    expect(kernels.size).toBe(1);
  });

  it('reuses a bind group only for the identical buffers in the same order', () => {
    const kernels = new KernelCache(device);
    const pool = new BufferPool(device);
    const compiled = kernels.get(echoUniform);
    const recorder = new CommandRecorder(device, pool, kernels);
    const uniform = recorder.uniform({ tokens: 1 });
    const a = recorder.storage(4);
    const b = recorder.storage(4);
    const c = recorder.storage(4);
    const group = kernels.bindGroup(compiled, [uniform, a, b]);
    expect(kernels.bindGroupsCreated).toBe(1);
    expect(kernels.bindGroup(compiled, [uniform, a, b])).toBe(group);
    expect(kernels.bindGroupsCreated).toBe(1);
    expect(kernels.bindGroup(compiled, [uniform, a, c])).not.toBe(group);
    expect(kernels.bindGroup(compiled, [uniform, b, a])).not.toBe(group);
    expect(kernels.bindGroupsCreated).toBe(3);
    recorder.release();
  });

  it('a reused bind group sees the buffers as they are now (new uniform values every call)', async () => {
    const kernels = new KernelCache(device);
    const pool = new BufferPool(device);
    const run = async (tokens: number, scalar0: number) => {
      const recorder = new CommandRecorder(device, pool, kernels);
      const out = recorder.storage(2);
      recorder.dispatch(
        echoUniform,
        { params: recorder.uniform({ tokens, scalar0 }), out, spare: recorder.storage(1) },
        [1, 1],
      );
      const [got] = await recorder.readback([{ buffer: out, elements: 2, kind: 'f32' }]);
      recorder.release();
      return { got: Array.from(got as Float32Array), created: recorder.counters.bindGroupsCreated };
    };
    expect(await run(3, 0.5)).toEqual({ got: [3, 0.5], created: 1 });
    // Released last-acquired first, so the pool hands out the same buffers in the same roles.
    expect(await run(7, -2)).toEqual({ got: [7, -2], created: 0 });
    expect(await run(11, 4.25)).toEqual({ got: [11, 4.25], created: 0 });
    expect(kernels.bindGroupsCreated).toBe(1);
  });

  it('binds buffers by name and says which binding is missing or unknown', () => {
    const recorder = new CommandRecorder(device, new BufferPool(device), new KernelCache(device));
    const params = recorder.uniform({ tokens: 1 });
    const out = recorder.storage(2);
    // Cast: the type system already rejects both calls; this is the guard for untyped callers.
    const missing = { params, out } as unknown as { params: GPUBuffer; out: GPUBuffer; spare: GPUBuffer };
    expect(() => recorder.dispatch(echoUniform, missing, [1, 1])).toThrow(/no buffer for binding spare/);
    const extra = { params, out, spare: out, other: out };
    expect(() => recorder.dispatch(echoUniform, extra, [1, 1])).toThrow(/has no binding other/);
    recorder.release();
  });
});
