import { createReferenceBackend } from '@anyk/core';
import { createBrowserCpuBackend } from '@anyk/kernels-node/browser';
import { topK } from '@anyk/routers/top-k';
import { maxRelativeDifference } from './shared/compare.js';
import { seededLayer, seededRandom } from './shared/seeded-layer.js';

/**
 * Runs a seeded top-2 layer forward on the browser CPU backend with two threads asked for, and compares it
 * with the float64 reference. `#result` holds the outcome as JSON (read by the release test): the threads
 * the backend runs, whether the page is cross-origin isolated, `threadFallback`, and the comparison;
 * `#status` says `done` or `error`. On a cross-origin isolated page the forward's work items go to two
 * kernel workers over shared memory; on a plain page the host worker runs them itself.
 */
const tokens = 64;
const d = 32;
const f = 64;
const numExperts = 4;
/** float32 kernels against the float64 reference, as in the other examples. */
const tolerance = 1e-4;

async function run() {
  const layer = seededLayer(topK({ numExperts, k: 2 }).spec(), d, f, 7);
  const random = seededRandom(11);
  const input = { tokens, x: Float32Array.from({ length: tokens * d }, () => random() * 2) };
  const backend = await createBrowserCpuBackend({ threads: 2 });
  try {
    const actual = await backend.forward(layer, input);
    const expected = await (await createReferenceBackend()).forward(layer, input);
    const maxDifference = maxRelativeDifference(actual.y, expected.y);
    const selectionsEqual =
      Array.from(actual.routing.slotExpert).join() === Array.from(expected.routing.slotExpert).join();
    return {
      backend: backend.name,
      threads: backend.threads,
      isolated: backend.isolated,
      crossOriginIsolated: globalThis.crossOriginIsolated,
      threadFallback: backend.threadFallback ?? null,
      multiplyAdd: backend.multiplyAdd,
      selectionsEqual,
      maxDifference,
      tolerance,
      pass: selectionsEqual && maxDifference <= tolerance,
    };
  } finally {
    await backend.dispose();
  }
}

const status = document.querySelector('#status') as HTMLElement;
const result = document.querySelector('#result') as HTMLElement;
run().then(
  (outcome) => {
    result.textContent = JSON.stringify(outcome, null, 2);
    status.textContent = 'done';
  },
  (error: unknown) => {
    result.textContent = String(error instanceof Error ? error.stack : error);
    status.textContent = 'error';
  },
);
