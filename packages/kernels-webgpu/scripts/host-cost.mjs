// Host cost of a WebGPU call, measured without a GPU: the median time to record one layer (`encodeLayer`
// into a fresh CommandRecorder, never submitted, so no device work competes for the CPU) and the layer
// validation of a repeat call. Run after `pnpm build`, with Dawn on SwiftShader:
//
//   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json XDG_RUNTIME_DIR=/tmp/xdg \
//     node packages/kernels-webgpu/scripts/host-cost.mjs [distDirectory]
//
// `distDirectory` (default: this package's dist) lets a build of another commit be compared side by side.
import { resolve } from 'node:path';
import { LayerValidator, validateLayer } from '@anyk/core/internal';
import { create } from 'webgpu';

const dist = resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
const { BufferPool } = await import(`${dist}/gpu/buffer-pool.js`);
const { KernelCache } = await import(`${dist}/gpu/kernel-cache.js`);
const { CommandRecorder } = await import(`${dist}/gpu/command-recorder.js`);
const { encodeLayer } = await import(`${dist}/layer/encode-layer.js`);
const { makeLayer, makeSpec } = await import(`${dist}/testing/layer-fixtures.js`);
const { seededRandom } = await import(`${dist}/testing/seeded-random.js`);

const adapter = await create([]).requestAdapter();
if (!adapter) throw new Error('no adapter: set VK_ICD_FILENAMES to SwiftShader');
const device = await adapter.requestDevice();
const median = (samples) => [...samples].sort((a, b) => a - b)[samples.length >> 1];

function timeRecording(T, { d = 256, f = 512, E = 8, runs = 200, warmup = 30 } = {}) {
  const pool = new BufferPool(device);
  const kernels = new KernelCache(device);
  const spec = makeSpec({ numExperts: E, selection: { kind: 'top-k', k: 2 } });
  const random = seededRandom(1);
  const layer = makeLayer(random, spec, { d, f, expert: { kind: 'swiglu' } }, {});
  const setup = new CommandRecorder(device, pool, kernels);
  const upload = (values) => setup.upload(values, 'f32');
  const weights = {
    d,
    f,
    expert: layer.weights.expert,
    router: upload(layer.weights.router),
    wGate: upload(layer.weights.wGate),
    wUp: upload(layer.weights.wUp),
    wDown: upload(layer.weights.wDown),
    constants: setup.storage(1),
  };
  const x = upload(Float32Array.from({ length: T * d }, () => random() - 0.5));
  const samples = [];
  for (let run = 0; run < warmup + runs; run++) {
    const recorder = new CommandRecorder(device, pool, kernels);
    const start = performance.now();
    encodeLayer(recorder, {
      spec,
      kMax: 2,
      tokens: T,
      x,
      weights,
      params: layer.params,
      expertInputScale: 1,
    });
    if (run >= warmup) samples.push(performance.now() - start);
    recorder.release();
  }
  setup.release();
  return median(samples);
}

function timeValidation({ d = 1024, f = 1408, E = 8 } = {}) {
  const spec = makeSpec({ numExperts: E, selection: { kind: 'top-k', k: 2 } });
  const layer = makeLayer(seededRandom(1), spec, { d, f, expert: { kind: 'swiglu' } }, {});
  const validator = new LayerValidator();
  const time = (validate) => {
    validate();
    const samples = [];
    for (let run = 0; run < 7; run++) {
      const start = performance.now();
      validate();
      samples.push(performance.now() - start);
    }
    return median(samples);
  };
  return {
    shape: { d, f, E },
    validateLayerMs: time(() => validateLayer(layer)),
    layerValidatorRepeatMs: time(() => validator.validate(layer)),
  };
}

console.log(
  JSON.stringify(
    {
      dist,
      recordLayerMs: { 'T=512': timeRecording(512), 'T=4': timeRecording(4) },
      validation: timeValidation(),
    },
    null,
    1,
  ),
);
process.exit(0);
