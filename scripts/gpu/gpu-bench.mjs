// The WebGPU measurements of issue 6 on a real GPU, in one run: runs on the device machine from the bundle
// `scripts/gpu/bundle.sh` builds (Node 22, Dawn, the built @anyk/core and @anyk/kernels-webgpu), prints one
// JSON document and writes it to $OUT/gpu-bench.json. `--quick` shrinks every shape (a smoke test of the
// bundle on SwiftShader; its numbers mean nothing).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWebGpuBackend, gemmTilings, measureDenseGemm, measureWebGpuLayer } from '@anyk/kernels-webgpu';
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
const quick = process.argv.includes('--quick');
const gpu = create(['disable-dawn-features=timestamp_quantization']);
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
if (!adapter) throw new Error('requestAdapter() returned null: no Vulkan driver?');
const backend = await createWebGpuBackend({ adapter });
const info = backend.device.adapterInfo;
const log = (line) => process.stderr.write(`${line}\n`);
log(
  `adapter: ${info.vendor} ${info.architecture} ${info.description}; features ${backend.features.join(',')}`,
);

const spec = (selection, numExperts) => ({
  specificationVersion: 'v1',
  family: selection.kind,
  numExperts,
  zeroComputation: [],
  gatingResidual: false,
  logits: { kind: 'linear' },
  scoring: { kind: 'softmax' },
  selection,
  weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: false },
});
const layer = quick ? { T: 64, d: 32, f: 48, E: 8 } : { T: 4096, d: 1024, f: 1408, E: 8 };
const decodeShape = quick ? { d: 32, f: 48, E: 8 } : { d: 1024, f: 1408, E: 8 };
const timing = quick
  ? { iterations: 2, warmup: 0, warmupMs: 0 }
  : { iterations: 20, warmup: 3, warmupMs: 1000 };
const result = {
  adapter: `${info.vendor} ${info.architecture} ${info.description}`,
  quick,
  dense: [],
  layers: [],
  decode: [],
};

for (const [M, N, K] of quick
  ? [[64, 48, 32]]
  : [
      [8192, 2816, 1024],
      [4096, 1024, 1408],
      [4096, 2816, 1024],
    ]) {
  const { rows } = await measureDenseGemm({ backend, M, N, K, ...timing });
  result.dense.push({ M, N, K, rows });
  log(
    `dense ${M}x${N}x${K}: ${rows.map((row) => `${row.tiling} ${row.gflops.toFixed(0)}`).join(', ')} GFLOP/s`,
  );
}

const summary = (measured) => ({
  tiling: measured.tiling,
  rows: measured.rows,
  moeMedianMs: measured.moeMedianMs,
  denseMedianMs: measured.denseMedianMs,
  moeVsDense: measured.moeVsDense,
  moeRecordMs: measured.moeRecordMs,
  denseRecordMs: measured.denseRecordMs,
  dispatches: measured.dispatchesPerLayer,
  readbacks: measured.readbacksPerLayer,
  expertFfn: measured.expertFfn,
  decode: measured.decode,
  kernelProfile: measured.kernelProfile,
});
const routers = [
  ['top-2', { kind: 'top-k', k: 2 }],
  ['top-p 0.2', { kind: 'top-p', p: 0.2 }],
  ['top-p 0.3', { kind: 'top-p', p: 0.3 }],
  ['top-p 0.4', { kind: 'top-p', p: 0.4 }],
];
for (const [name, selection] of routers) {
  const measured = await measureWebGpuLayer({
    backend,
    spec: spec(selection, layer.E),
    ...layer,
    ...timing,
    profileKernels: true,
  });
  result.layers.push({ router: name, ...layer, meanExperts: measured.rows / layer.T, ...summary(measured) });
  log(
    `${name}: ${(measured.rows / layer.T).toFixed(2)} experts, layer ${measured.moeMedianMs.toFixed(2)} ms, dense ${measured.denseMedianMs.toFixed(2)} ms, MoE/dense ${measured.moeVsDense.toFixed(2)}`,
  );
}
// The grouped GEMMs in every tiling (the dense side of each row uses the same tiling): which one the MoE
// layer wants on this GPU, beside the dense sweep above.
result.tilings = [];
for (const tiling of Object.values(gemmTilings)) {
  const measured = await measureWebGpuLayer({
    backend,
    spec: spec({ kind: 'top-k', k: 2 }, layer.E),
    ...layer,
    ...timing,
    tiling,
  });
  result.tilings.push({ tiling: tiling.name, ...summary(measured) });
  log(
    `top-2 with ${tiling.name} tiles: layer ${measured.moeMedianMs.toFixed(2)} ms, dense ${measured.denseMedianMs.toFixed(2)} ms, MoE/dense ${measured.moeVsDense.toFixed(2)}`,
  );
}
const top2 = result.layers[0];
for (const entry of result.layers.slice(1)) {
  entry.conversionVsTop2 = entry.moeMedianMs / top2.moeMedianMs / (entry.meanExperts / 2);
}

for (const T of [1, 4, 8]) {
  const measured = await measureWebGpuLayer({
    backend,
    spec: spec({ kind: 'top-k', k: 2 }, decodeShape.E),
    T,
    ...decodeShape,
    ...timing,
    profileKernels: true,
  });
  result.decode.push({ T, ...decodeShape, ...summary(measured) });
  log(
    `decode T=${T}: ${measured.decode.usedExperts} experts used, ${measured.decode.moeGBps.toFixed(0)} GB/s vs dense GEMV ${measured.decode.denseGemvGBps.toFixed(0)} GB/s, ratio ${measured.decode.bandwidthRatio.toFixed(2)}`,
  );
}

// Layers for the public-API timings below: seeded SwiGLU weights (top-2), and random rows of `columns`.
const random = (() => {
  let state = 7;
  return () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
})();
const floats = (n, scale) => Float32Array.from({ length: n }, () => random() * scale);
const swigluLayer = ({ d, f, E }) => ({
  spec: spec({ kind: 'top-k', k: 2 }, E),
  weights: {
    d,
    f,
    expert: { kind: 'swiglu' },
    router: floats(E * d, 0.1),
    wGate: floats(E * f * d, 0.03),
    wUp: floats(E * f * d, 0.03),
    wDown: floats(E * d * f, 0.03),
  },
});

// The public API end to end for decode: backend.forward (validation, x upload, the layer, the one read-back of
// y, routing and plan) on one weights object, so the weights stay resident and are scanned once.
const decodeLayer = swigluLayer(decodeShape);
const decodeX = floats(8 * decodeShape.d, 1);
result.decodeForward = [];
for (const T of [1, 8]) {
  const input = { tokens: T, x: decodeX.subarray(0, T * decodeShape.d) };
  const times = [];
  for (let run = 0; run < (quick ? 3 : 25); run++) {
    const start = performance.now();
    await backend.forward(decodeLayer, input);
    if (run > 0) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  result.decodeForward.push({ T, medianMs: times[times.length >> 1] });
  log(`forward() decode T=${T}: ${times[times.length >> 1].toFixed(3)} ms (median)`);
}

// The backward pass, wall time of forward(retain) + backward (host routing and router backward included).
const bw = quick ? { T: 32, d: 32, f: 48, E: 8 } : { T: 1024, d: 1024, f: 1408, E: 8 };
const bwLayer = swigluLayer(bw);
const input = { tokens: bw.T, x: floats(bw.T * bw.d, 1) };
const gradOutput = floats(bw.T * bw.d, 1);
const samples = [];
for (let run = 0; run < (quick ? 2 : 6); run++) {
  const start = performance.now();
  const forward = await backend.forward(bwLayer, input, { retainForBackward: true });
  const middle = performance.now();
  await backend.backward(bwLayer, input, forward, gradOutput);
  samples.push({ forwardMs: middle - start, backwardMs: performance.now() - middle });
}
result.backward = { ...bw, samples: samples.slice(1) };
log(`backward T=${bw.T}: ${JSON.stringify(samples.slice(1))}`);

await backend.dispose();
const text = JSON.stringify(result, null, 1);
const { OUT: outDirectory } = process.env;
if (outDirectory) writeFileSync(join(outDirectory, 'gpu-bench.json'), text);
console.log(text);
process.exit(0);
