import { createBrowserCpuBackend, prepareBrowserGemm } from '@anyk/kernels-node/browser';
import type { MoeBenchWeights } from '../../peers/moe-bench-weights.ts';
import { anykMoeLayer } from '../../suites/anyk-moe-layer.ts';
import { type BrowserGemmSpec, type BrowserMoeSpec, benchDataNames } from '../browser-case-spec.ts';
import { fetchFloat32 } from './fetch-bench-data.ts';
import type { PageCase } from './page-case.ts';

/**
 * anyk's browser CPU backend (`createBrowserCpuBackend`: the node backend's WebAssembly kernels in Web
 * Workers) on the layer every peer computes, one `backend.forward` per call (routing, plan, grouped SwiGLU,
 * combine, and the result posted back to the page).
 */
export async function anykBrowserCpuMoeCase(spec: BrowserMoeSpec): Promise<PageCase> {
  const weights: MoeBenchWeights = {
    d: spec.d,
    f: spec.f,
    experts: spec.experts,
    router: await fetchFloat32(benchDataNames.router),
    wGate: await fetchFloat32(benchDataNames.wGate),
    wUp: await fetchFloat32(benchDataNames.wUp),
    wDown: await fetchFloat32(benchDataNames.wDown),
  };
  const x = await fetchFloat32(benchDataNames.input(spec.tokens));
  const layer = anykMoeLayer({ weights, tokens: spec.tokens, x, k: spec.k });
  const input = { tokens: spec.tokens, x };
  const backend = await createBrowserCpuBackend({ threads: spec.threads });
  try {
    const first = await backend.forward(layer, input);
    return {
      run: async () => (await backend.forward(layer, input)).y,
      threads: backend.threads,
      threadFallback: backend.threadFallback,
      meanExperts: first.plan.expertOffset[spec.experts]! / spec.tokens,
      dispose: () => backend.dispose(),
    };
  } catch (error) {
    await backend.dispose();
    throw error;
  }
}

/**
 * anyk's dense f32 GEMM kernel in the page (`prepareBrowserGemm`: B packed once outside the timing, the
 * kernel on the page's thread), as the node suites take `prepareGemm`.
 */
export async function anykBrowserCpuGemmCase(spec: BrowserGemmSpec): Promise<PageCase> {
  const gemm = await prepareBrowserGemm({ M: spec.m, K: spec.k, N: spec.n, threads: spec.threads });
  return {
    async run() {
      await gemm.run();
      return undefined;
    },
    threads: gemm.threads,
    dispose: () => gemm.dispose(),
  };
}
