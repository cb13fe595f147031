import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BackendUnavailableError } from '@anyk/core';

/** A ready tfjs MatMul: `run` multiplies and reads the result back (`dataSync`), `dispose` frees tensors. */
export interface TfjsMatMul {
  run(): Float32Array;
  dispose(): void;
}

/**
 * `[m, k] x [k, n]` on `@tensorflow/tfjs-backend-wasm` (XNNPACK, SIMD128; single-threaded in Node, where
 * the threaded build needs cross-origin-isolated workers). The .wasm binaries are read from node_modules
 * through `setWasmPaths` with a file path, because bundlers (vitest) move the JS away from them.
 */
export async function createTfjsWasmMatMul(options: {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly a: Float32Array;
  readonly b: Float32Array;
}): Promise<TfjsMatMul> {
  let tf: typeof import('@tensorflow/tfjs-core');
  try {
    tf = await import('@tensorflow/tfjs-core');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${join(dirname(entry), '/')}`);
    if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
    await tf.ready();
  } catch (error) {
    throw new BackendUnavailableError('tfjs-wasm', (error as Error).message, { cause: error });
  }
  const a = tf.tensor2d(options.a, [options.m, options.k]);
  const b = tf.tensor2d(options.b, [options.k, options.n]);
  return {
    run() {
      const product = tf.matMul(a, b);
      const data = product.dataSync() as Float32Array;
      product.dispose();
      return data;
    },
    dispose() {
      a.dispose();
      b.dispose();
    },
  };
}
