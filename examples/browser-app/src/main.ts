import { AnykError, createReferenceBackend, resolveBackend } from '@anyk/core';
import { createWebGpuBackend } from '@anyk/kernels-webgpu';
import { topP } from '@anyk/routers/top-p';
import { maxRelativeDifference } from './shared/compare.js';
import { seededLayer, seededRandom } from './shared/seeded-layer.js';

/**
 * Runs a seeded top-p layer forward on WebGPU when the browser has it, otherwise on the reference backend,
 * and shows the result next to the float64 reference's. `#result` holds the outcome as JSON (read by the
 * release test) and `#status` says `done` or `error`.
 */
const tokens = 8;
const d = 16;
const f = 32;
const numExperts = 4;
const tolerance = 1e-4;

async function run() {
  const layer = seededLayer(topP({ numExperts, p: 0.6 }).spec(), d, f, 7);
  const random = seededRandom(11);
  const input = { tokens, x: Float32Array.from({ length: tokens * d }, () => random() * 2) };
  const picked = await resolveBackend([
    { name: 'webgpu', create: () => createWebGpuBackend() },
    { name: 'reference', create: () => createReferenceBackend() },
  ]);
  const actual = await picked.backend.forward(layer, input);
  const expected = await (await createReferenceBackend()).forward(layer, input);
  const maxDifference = maxRelativeDifference(actual.y, expected.y);
  const selectionsEqual =
    Array.from(actual.routing.slotExpert).join() === Array.from(expected.routing.slotExpert).join();
  return {
    backend: picked.name,
    fallbacks: picked.failures.map(({ name, error }) => ({
      name,
      code: AnykError.isInstance(error) ? error.code : 'not an anyk error',
      reason: error instanceof Error ? error.message : String(error),
    })),
    selectionsEqual,
    maxDifference,
    pass: selectionsEqual && maxDifference <= tolerance,
  };
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
