import { BackendUnavailableError } from '@anyk/core';
import type * as TfWasm from '@tensorflow/tfjs-backend-wasm';
import type * as TfCore from '@tensorflow/tfjs-core';
import { perExpertLoopForward } from '../../peers/per-expert-loop.ts';
import {
  type BrowserGemmSpec,
  type BrowserMoeSpec,
  benchDataNames,
  vendorPrefix,
} from '../browser-case-spec.ts';
import { fetchFloat32 } from './fetch-bench-data.ts';
import { loadClassicScript } from './load-classic-script.ts';
import type { PageCase } from './page-case.ts';

/** The `tf` global the UMD bundles define: tfjs-core plus the wasm backend's namespace. */
type TfGlobal = typeof TfCore & { readonly wasm: typeof TfWasm };

/**
 * Loads tfjs-core and tfjs-backend-wasm (XNNPACK, SIMD; the threaded build when the page is cross-origin
 * isolated) from their UMD bundles served out of node_modules, with `threads` threads. The thread count is
 * fixed when the backend initialises, which is why every case runs in a fresh page.
 */
async function loadTfjsWasm(threads: number): Promise<TfGlobal> {
  await loadClassicScript(`${vendorPrefix}tfjs-core/tf-core.min.js`, 'tfjs-wasm');
  await loadClassicScript(`${vendorPrefix}tfjs-backend-wasm/tf-backend-wasm.min.js`, 'tfjs-wasm');
  const tf = (globalThis as unknown as { tf: TfGlobal }).tf;
  tf.wasm.setWasmPaths(`${vendorPrefix}tfjs-backend-wasm/`);
  tf.wasm.setThreadsCount(threads);
  if (!(await tf.setBackend('wasm'))) {
    throw new BackendUnavailableError('tfjs-wasm', 'tf.setBackend("wasm") returned false');
  }
  await tf.ready();
  return tf;
}

/**
 * Why tfjs-wasm runs on fewer threads than asked: 4.22 sizes its worker pool at build-time rule
 * `min(4, max(1, hardwareConcurrency / 2))` and caps XNNPACK's threads by it, whatever `setThreadsCount` says.
 */
function tfjsThreadFallback(tf: TfGlobal, threads: number): string | undefined {
  const actual = tf.wasm.getThreadsCount();
  if (actual >= threads) return undefined;
  return `tfjs-backend-wasm 4.22 runs ${actual} thread(s): its pool holds min(4, max(1, hardwareConcurrency / 2)) workers (hardwareConcurrency = ${navigator.hardwareConcurrency}) and setThreadsCount cannot raise it`;
}

/**
 * `x [rows, columns] x w`, read back with `dataSync` (what a caller needs to use the result). The read-back
 * is outside `tf.tidy`: reading inside it measured 2-4x slower on the wasm backend.
 */
function matMulData(tf: TfGlobal, x: Float32Array, rows: number, columns: number, w: TfCore.Tensor2D) {
  return readBack(tf.tidy(() => tf.matMul(tf.tensor2d(x, [rows, columns]), w)));
}

/** The tensor's values, then the tensor disposed. */
function readBack(tensor: TfCore.Tensor): Float32Array {
  const data = tensor.dataSync() as Float32Array;
  tensor.dispose();
  return data;
}

/** tfjs-wasm MatMul `[m, k] x [k, n]`, B a tensor created once. */
export async function tfjsWasmGemmCase(spec: BrowserGemmSpec): Promise<PageCase> {
  const tf = await loadTfjsWasm(spec.threads);
  const a = await fetchFloat32(benchDataNames.gemmA);
  const b = tf.tensor2d(await fetchFloat32(benchDataNames.gemmB), [spec.k, spec.n]);
  return {
    run: async () => matMulData(tf, a, spec.m, spec.k, b),
    threads: tf.wasm.getThreadsCount(),
    threadFallback: tfjsThreadFallback(tf, spec.threads),
    dispose: () => b.dispose(),
  };
}

/**
 * The per-expert loop on tfjs-wasm (`perExpertLoopForward`, the same glue as the onnxruntime loops): router
 * MatMul, top-k in JS, per expert a gather, `silu(x Wg) * (x Wu) Wd` in tfjs ops read back with `dataSync`,
 * and a weighted scatter-add. The weights are tensors in `[in, out]` layout, created once.
 */
export async function tfjsWasmMoeLoopCase(spec: BrowserMoeSpec): Promise<PageCase> {
  const tf = await loadTfjsWasm(spec.threads);
  const { d, f } = spec;
  const router = tf.tensor2d(await fetchFloat32(benchDataNames.routerInOut), [d, spec.experts]);
  const experts: { wGate: TfCore.Tensor2D; wUp: TfCore.Tensor2D; wDown: TfCore.Tensor2D }[] = [];
  for (let expert = 0; expert < spec.experts; expert++) {
    const matrix = async (name: 'w-gate' | 'w-up' | 'w-down', shape: [number, number]) =>
      tf.tensor2d(await fetchFloat32(benchDataNames.expertInOut(expert, name)), shape);
    experts.push({
      wGate: await matrix('w-gate', [d, f]),
      wUp: await matrix('w-up', [d, f]),
      wDown: await matrix('w-down', [f, d]),
    });
  }
  const x = await fetchFloat32(benchDataNames.input(spec.tokens));
  const expertForward = async (expert: number, gathered: Float32Array, rows: number) => {
    const weights = experts[expert]!;
    return readBack(
      tf.tidy(() => {
        const input = tf.tensor2d(gathered, [rows, d]);
        const gate = tf.matMul(input, weights.wGate);
        const hidden = tf.mul(tf.mul(gate, tf.sigmoid(gate)), tf.matMul(input, weights.wUp));
        return tf.matMul(hidden as TfCore.Tensor2D, weights.wDown);
      }),
    );
  };
  return {
    run: () =>
      perExpertLoopForward(
        { routerLogits: async (input, tokens) => matMulData(tf, input, tokens, d, router), expertForward },
        spec,
        x,
        spec.tokens,
      ),
    threads: tf.wasm.getThreadsCount(),
    threadFallback: tfjsThreadFallback(tf, spec.threads),
    dispose() {
      router.dispose();
      for (const weights of experts) for (const tensor of Object.values(weights)) tensor.dispose();
    },
  };
}
