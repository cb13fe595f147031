// The WebGPU measurements on a real GPU, in one run: runs on the device machine from the bundle
// `scripts/gpu/bundle.sh` builds (Node 22, Dawn, the built @anyk/core and @anyk/kernels-webgpu), prints one
// JSON document and writes it to $OUT/gpu-bench.json. `--quick` shrinks every shape (a smoke test of the
// bundle on SwiftShader; its numbers mean nothing). `--peak-gflops N` gives the fp32 peak for "% of peak"
// (else a table of known GPUs by adapter name; none for an unknown one).
//
// What it measures: the dense GEMM (% of peak) and the tiling sweep; the layer at T = 512 and 4096 for top-2,
// top-p at the p giving ~1.5 and ~2 experts per token, a zero-computation family (AdaMoE-style null experts)
// and a shared-expert layer, each against the dense GEMMs of the same FLOPs with the per-kernel profile;
// decode T = 1, 4, 8 with float32, BF16 and F16 weights (bandwidth against the dense GEMV, 16-bit speed-up);
// forward() end to end for decode; the backward pass; host recording time (moeRecordMs in every row).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWebGpuBackend } from '@anyk/kernels-webgpu';
import { measureDenseGemm, measureWebGpuLayer } from '@anyk/kernels-webgpu/diagnostics';
import { gemmTilings } from '@anyk/kernels-webgpu/internal';
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

const argument = (name) => {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
};
// fp32 peak GFLOP/s (boost clock, dense FMA) of GPUs this script met, by a piece of the adapter's name.
const knownPeaks = [
  ['H100 PCIe', 51200],
  ['H100 NVL', 60000],
  ['H100', 66900],
  ['H200', 66900],
];
const adapterName = `${info.vendor} ${info.architecture} ${info.description}`;
const peakGflops =
  Number(argument('--peak-gflops')) || knownPeaks.find(([name]) => adapterName.includes(name))?.[1] || null;

const spec = (selection, numExperts, zeroComputation = []) => ({
  specificationVersion: 'v1',
  family: selection.kind,
  numExperts,
  zeroComputation,
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
const started = performance.now();
const result = {
  adapter: adapterName,
  date: new Date().toISOString(),
  peakGflops,
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
  const withPeak = rows.map((row) => ({
    ...row,
    percentOfPeak: peakGflops ? (100 * row.gflops) / peakGflops : null,
  }));
  result.dense.push({ M, N, K, rows: withPeak });
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
// Top-p at the p giving a target mean of experts per token on this layer's seeded router (bisection on
// the measured plan rows, one untimed-quality run per step): ~1.5 and ~2 experts, as the paper's range.
const probe = { iterations: 1, warmup: 0, warmupMs: 0 };
async function topPFor(target, T) {
  let low = 0.02;
  let high = 0.98;
  let best = { p: 0.5, experts: Number.NaN };
  for (let step = 0; step < (quick ? 5 : 8); step++) {
    const p = (low + high) / 2;
    const measured = await measureWebGpuLayer({
      backend,
      spec: spec({ kind: 'top-p', p }, layer.E),
      ...layer,
      T,
      ...probe,
    });
    const experts = measured.rows / T;
    if (Number.isNaN(best.experts) || Math.abs(experts - target) < Math.abs(best.experts - target))
      best = { p, experts };
    if (experts < target) low = p;
    else high = p;
  }
  return best;
}
const layerTokens = quick ? [32, 64] : [512, 4096];
for (const T of layerTokens) {
  const [p15, p20] = [await topPFor(1.5, T), await topPFor(2, T)];
  const rows = [
    ['top-2', spec({ kind: 'top-k', k: 2 }, layer.E)],
    [`top-p ${p15.p.toFixed(3)} (~1.5)`, spec({ kind: 'top-p', p: p15.p }, layer.E)],
    [`top-p ${p20.p.toFixed(3)} (~2)`, spec({ kind: 'top-p', p: p20.p }, layer.E)],
    // AdaMoE-style: top-4 over 8 experts and 4 null (zero) experts.
    ['top-4 + 4 null experts', spec({ kind: 'top-k', k: 4 }, layer.E, ['zero', 'zero', 'zero', 'zero'])],
    ['top-2 + 1 shared expert', spec({ kind: 'top-k', k: 2 }, layer.E), { count: 1, f: layer.f }],
  ];
  for (const [name, routerSpec, shared] of rows) {
    const measured = await measureWebGpuLayer({
      backend,
      spec: routerSpec,
      ...layer,
      T,
      shared,
      ...timing,
      profileKernels: true,
    });
    result.layers.push({ router: name, ...layer, T, meanExperts: measured.rows / T, ...summary(measured) });
    log(
      `T=${T} ${name}: ${(measured.rows / T).toFixed(2)} experts, layer ${measured.moeMedianMs.toFixed(2)} ms (recording ${measured.moeRecordMs.toFixed(2)} ms), dense ${measured.denseMedianMs.toFixed(2)} ms, MoE/dense ${measured.moeVsDense.toFixed(2)}`,
    );
  }
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
// Does top-p's time follow its experts? (time / top-2's time) / (experts / 2), 1 = exactly.
for (const entry of result.layers.filter((row) => row.router.startsWith('top-p'))) {
  const top2 = result.layers.find((row) => row.router === 'top-2' && row.T === entry.T);
  entry.conversionVsTop2 = entry.moeMedianMs / top2.moeMedianMs / (entry.meanExperts / 2);
}

for (const T of [1, 4, 8]) {
  const byDtype = {};
  for (const weightDtype of ['f32', 'bf16', 'f16']) {
    const measured = await measureWebGpuLayer({
      backend,
      spec: spec({ kind: 'top-k', k: 2 }, decodeShape.E),
      T,
      ...decodeShape,
      weightDtype,
      ...timing,
      profileKernels: true,
    });
    byDtype[weightDtype] = measured;
    result.decode.push({
      T,
      weightDtype,
      ...decodeShape,
      ...summary(measured),
      speedupVsF32: byDtype.f32.moeMedianMs / measured.moeMedianMs,
    });
    log(
      `decode T=${T} ${weightDtype}: ${measured.decode.usedExperts} experts used, ${measured.moeMedianMs.toFixed(3)} ms, ${measured.decode.moeGBps.toFixed(0)} GB/s vs dense GEMV ${measured.decode.denseGemvGBps.toFixed(0)} GB/s, ratio ${measured.decode.bandwidthRatio.toFixed(2)}, ${(byDtype.f32.moeMedianMs / measured.moeMedianMs).toFixed(2)}x float32`,
    );
  }
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

result.wallSeconds = (performance.now() - started) / 1000;
await backend.dispose();
const text = JSON.stringify(result, null, 1);
const { OUT: outDirectory } = process.env;
if (outDirectory) writeFileSync(join(outDirectory, 'gpu-bench.json'), text);
console.log(text);
process.exit(0);
