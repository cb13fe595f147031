import { UnsupportedError } from '@anyk/core';
import type * as OrtWeb from 'onnxruntime-web';
import { perExpertLoopForward } from '../../peers/per-expert-loop.ts';
import {
  type BrowserGemmSpec,
  type BrowserMoeSpec,
  benchDataNames,
  vendorPrefix,
} from '../browser-case-spec.ts';
import { fetchBenchBytes, fetchFloat32 } from './fetch-bench-data.ts';
import { loadClassicScript } from './load-classic-script.ts';
import type { PageCase } from './page-case.ts';

type OrtWebModule = typeof OrtWeb;

/** Where Node serves onnxruntime-web's `dist` (the `.mjs` glue and `.wasm` binaries). */
const ortWebBase = `${vendorPrefix}onnxruntime-web/`;

/**
 * Loads onnxruntime-web's WebAssembly build (`ort.wasm.min.js`, which fetches its `.mjs` glue and `.wasm` from
 * `wasmPaths`)
 * with `numThreads` threads. The thread count is global to the page and fixed at the first session, which
 * is why every case runs in a fresh page.
 */
async function loadOrtWeb(threads: number): Promise<OrtWebModule> {
  if (threads > 1 && !globalThis.crossOriginIsolated) {
    throw new UnsupportedError(
      `onnxruntime-web with ${threads} threads`,
      'the page is not cross-origin isolated',
    );
  }
  await loadClassicScript(`${ortWebBase}ort.wasm.min.js`, 'onnxruntime-web');
  const ort = (globalThis as unknown as { ort: OrtWebModule }).ort;
  ort.env.wasm.wasmPaths = ortWebBase;
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false;
  return ort;
}

/** The WebAssembly execution provider, whole-graph optimisation, one operator at a time (the graphs are chains). */
const sessionOptions: OrtWeb.InferenceSession.SessionOptions = {
  executionProviders: ['wasm'],
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
};

async function runMatMulSession(
  ort: OrtWebModule,
  session: OrtWeb.InferenceSession,
  input: string,
  data: Float32Array,
  dims: readonly number[],
): Promise<Float32Array> {
  const output = await session.run({ [input]: new ort.Tensor('float32', data, dims) });
  return (output.y as OrtWeb.Tensor).data as Float32Array;
}

/** onnxruntime-web MatMul `[m, k] x [k, n]`, B a constant initializer (the node peer's model). */
export async function ortWebGemmCase(spec: BrowserGemmSpec): Promise<PageCase> {
  const ort = await loadOrtWeb(spec.threads);
  const session = await ort.InferenceSession.create(
    await fetchBenchBytes(benchDataNames.gemmModel),
    sessionOptions,
  );
  const a = await fetchFloat32(benchDataNames.gemmA);
  return {
    run: () => runMatMulSession(ort, session, 'a', a, [spec.m, spec.k]),
    threads: ort.env.wasm.numThreads ?? 1,
    dispose: () => session.release(),
  };
}

/**
 * The per-expert loop on onnxruntime-web, the node peer's loop (`perExpertLoopForward`) on the same ONNX
 * models: router session, top-k in JS, per expert a gather, a SwiGLU session run and a weighted scatter-add.
 */
export async function ortWebMoeLoopCase(spec: BrowserMoeSpec): Promise<PageCase> {
  const ort = await loadOrtWeb(spec.threads);
  const create = async (name: string) =>
    ort.InferenceSession.create(await fetchBenchBytes(name), sessionOptions);
  const router = await create(benchDataNames.routerModel);
  const experts: OrtWeb.InferenceSession[] = [];
  for (let expert = 0; expert < spec.experts; expert++)
    experts.push(await create(benchDataNames.expertModel(expert)));
  const x = await fetchFloat32(benchDataNames.input(spec.tokens));
  return {
    run: () =>
      perExpertLoopForward(
        {
          routerLogits: (input, tokens) => runMatMulSession(ort, router, 'a', input, [tokens, spec.d]),
          expertForward: (expert, gathered, rows) =>
            runMatMulSession(ort, experts[expert] as OrtWeb.InferenceSession, 'x', gathered, [rows, spec.d]),
        },
        spec,
        x,
        spec.tokens,
      ),
    threads: ort.env.wasm.numThreads ?? 1,
    async dispose() {
      await router.release();
      for (const session of experts) await session.release();
    },
  };
}
