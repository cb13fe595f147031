import {
  BackendUnavailableError,
  createReferenceBackend,
  type KernelBackendV1,
  resolveBackend,
} from '@anyk/core';
import { createNodeBackend } from '@anyk/kernels-node';
import { loadBalanceLoss } from '@anyk/losses';
import { topP } from '@anyk/routers/top-p';
import { maxRelativeDifference } from './shared/compare.js';
import { seededLayer, seededRandom } from './shared/seeded-layer.js';

/**
 * Forward + backward of a seeded top-p layer on the first backend that works, compared with the float64
 * reference. Prints one `node-app:` line per check and exits 1 if any fails; never calls `dispose()`.
 */
const tokens = 16;
const d = 32;
const f = 64;
const numExperts = 4;
const tolerance = 1e-4;

const layer = seededLayer(topP({ numExperts, p: 0.6 }).spec(), d, f, 7);
const random = seededRandom(11);
const input = { tokens, x: Float32Array.from({ length: tokens * d }, () => random() * 2) };
const gradOutput = Float32Array.from({ length: tokens * d }, () => random());

const picked = await resolveBackend([
  {
    name: 'gpujs',
    create: async () => (await import('@anyk/kernels-node/gpujs')).createGpuJsBackend(),
  },
  { name: 'node', create: () => createNodeBackend({ threads: 2 }) },
  { name: 'reference', create: () => createReferenceBackend() },
]);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
for (const failure of picked.failures) {
  console.log(`node-app: fallback skipped ${failure.name}: ${messageOf(failure.error)}`);
}
console.log(`node-app: backend ${picked.name}`);

const failures: string[] = [];
function check(what: string, ok: boolean, detail: string): void {
  console.log(`node-app: ${ok ? 'ok' : 'FAILED'} ${what} (${detail})`);
  if (!ok) failures.push(what);
}

const gpuJsError = picked.failures.find((failure) => failure.name === 'gpujs')?.error;
check(
  'gpu.js missing is a BackendUnavailableError naming the package',
  BackendUnavailableError.isInstance(gpuJsError) && gpuJsError.message.includes('gpu.js'),
  gpuJsError === undefined ? 'gpujs was not tried' : messageOf(gpuJsError).slice(0, 70),
);
check('the CPU backend was picked', picked.name === 'node', picked.name);

async function forwardAndBackward(backend: KernelBackendV1) {
  const forward = await backend.forward(layer, input, { retainForBackward: true });
  const grads = await backend.backward(layer, input, forward, gradOutput);
  return { forward, grads };
}

const actual = await forwardAndBackward(picked.backend);
const expected = await forwardAndBackward(await createReferenceBackend());
const routingOf = (result: typeof actual) => Array.from(result.forward.routing.slotExpert);
check(
  'top-p selections equal the reference',
  routingOf(actual).join() === routingOf(expected).join(),
  `${tokens} tokens`,
);
for (const [name, a, e] of [
  ['y', actual.forward.y, expected.forward.y],
  ['grad x', actual.grads.x, expected.grads.x],
  ['grad router', actual.grads.router, expected.grads.router],
  ['grad wUp', actual.grads.wUp, expected.grads.wUp],
  ['grad wDown', actual.grads.wDown, expected.grads.wDown],
] as const) {
  const difference = maxRelativeDifference(a, e);
  check(
    `${name} equals the reference`,
    difference <= tolerance,
    `max rel diff ${difference.toExponential(2)}`,
  );
}

/** Load-balancing loss of one routing result: the selection mask and scores as the loss reads them. */
function balanceLoss(result: typeof actual): number {
  const { routing } = result.forward;
  const selection = new Float64Array(tokens * numExperts);
  for (let token = 0; token < tokens; token++) {
    for (let slot = 0; slot < (routing.kCount[token] as number); slot++) {
      selection[token * numExperts + (routing.slotExpert[token * routing.kMax + slot] as number)] = 1;
    }
  }
  const probabilities = Float64Array.from(routing.scores);
  return loadBalanceLoss(
    { probabilities, numTokens: tokens, numExperts, selection },
    { variant: 'token-fraction', coef: 1e-2 },
  ).value;
}
const lossDifference = Math.abs(balanceLoss(actual) - balanceLoss(expected));
check(
  'load-balancing loss equals the reference',
  lossDifference <= tolerance,
  `|diff| ${lossDifference.toExponential(2)}`,
);

console.log(`node-app: ${failures.length === 0 ? 'PASS' : `FAIL (${failures.join('; ')})`}`);
if (failures.length > 0) process.exitCode = 1;
// No dispose(): the backend's idle workers must not keep the process alive.
