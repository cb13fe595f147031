/**
 * Peak resident memory while loading a synthetic 1 GB BF16 Mixtral-shaped checkpoint (issue 16: loading
 * must stay under 1.3 x the float32 size of the weights, i.e. no float64 or whole-file copies). A
 * benchmark, not a test: it writes the checkpoint to a temp folder, loads it in a fresh child process
 * (so the parent's memory does not count) and prints the child's peak RSS against the float32 size.
 *
 *   node --conditions=@anyk/source packages/checkpoints/bench/measure-load-rss.ts [--gigabytes 1] [--keep]
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    gigabytes: { type: 'string', default: '1' },
    keep: { type: 'boolean' },
    child: { type: 'string' },
  },
});

if (values.child) {
  // Child: load every layer, keep the result alive, report peak RSS (KiB) as JSON.
  const { loadCheckpointFromPath } = await import('../src/node/index.ts');
  const started = performance.now();
  const { layers } = await loadCheckpointFromPath(values.child);
  let floats = 0;
  for (const layer of layers)
    if (layer.kind === 'moe') {
      const { router, wGate, wUp, wDown } = layer.layer.weights;
      floats += router.length + (wGate?.length ?? 0) + wUp.length + wDown.length;
    }
  console.log(
    JSON.stringify({
      floats,
      maxRssKiB: process.resourceUsage().maxRSS,
      seconds: (performance.now() - started) / 1000,
    }),
  );
} else {
  const d = 1024;
  const f = 2048;
  const experts = 8;
  const layerBytes = 2 * (experts * 3 * f * d + experts * d);
  const layers = Math.max(1, Math.round((Number(values.gigabytes) * 2 ** 30) / layerBytes));
  const directory = mkdtempSync(join(tmpdir(), 'anyk-rss-'));
  writeFileSync(
    join(directory, 'config.json'),
    JSON.stringify({
      model_type: 'mixtral',
      hidden_size: d,
      intermediate_size: f,
      num_local_experts: experts,
      num_experts_per_tok: 2,
      num_hidden_layers: layers,
    }),
  );
  const fileBytes = writeSyntheticSafetensors(join(directory, 'model.safetensors'), layers, experts, f, d);
  const output = execFileSync(
    process.execPath,
    ['--conditions=@anyk/source', new URL(import.meta.url).pathname, '--child', directory],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const { floats, maxRssKiB, seconds } = JSON.parse(output.trim().split('\n').pop() as string);
  const float32Bytes = floats * 4;
  const peak = maxRssKiB * 1024;
  console.log(
    `BF16 checkpoint ${(fileBytes / 2 ** 30).toFixed(3)} GiB (${layers} Mixtral layers, E=${experts}, d=${d}, f=${f}); ` +
      `float32 weights ${(float32Bytes / 2 ** 30).toFixed(3)} GiB; peak RSS of the loading process ${(peak / 2 ** 30).toFixed(3)} GiB ` +
      `= ${(peak / float32Bytes).toFixed(3)} x float32 (limit 1.3); load time ${seconds.toFixed(1)} s`,
  );
  if (!values.keep) rmSync(directory, { recursive: true });
}

/** Writes a BF16 safetensors file tensor by tensor (never the whole file in memory); returns its size. */
function writeSyntheticSafetensors(
  path: string,
  layers: number,
  experts: number,
  f: number,
  d: number,
): number {
  const tensors: { name: string; shape: number[] }[] = [];
  for (let layer = 0; layer < layers; layer++) {
    const prefix = `model.layers.${layer}.block_sparse_moe`;
    tensors.push({ name: `${prefix}.gate.weight`, shape: [experts, d] });
    for (let expert = 0; expert < experts; expert++) {
      tensors.push({ name: `${prefix}.experts.${expert}.w1.weight`, shape: [f, d] });
      tensors.push({ name: `${prefix}.experts.${expert}.w3.weight`, shape: [f, d] });
      tensors.push({ name: `${prefix}.experts.${expert}.w2.weight`, shape: [d, f] });
    }
  }
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const { name, shape } of tensors) {
    const bytes = 2 * shape.reduce((product, extent) => product * extent, 1);
    header[name] = { dtype: 'BF16', shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  while ((8 + json.length) % 8 !== 0) json += ' ';
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  const file = openSync(path, 'w');
  writeSync(file, prefix);
  writeSync(file, json);
  // Finite BF16 values around +-0.01 from a cheap generator: sign, exponent 119-122, random mantissa.
  let state = 12345;
  const chunk = new Uint16Array(f * d);
  for (const { shape } of tensors) {
    const count = shape.reduce((product, extent) => product * extent, 1);
    for (let index = 0; index < count; index++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      chunk[index] = ((state >>> 31) << 15) | ((119 + ((state >>> 8) & 3)) << 7) | (state & 0x7f);
    }
    writeSync(file, new Uint8Array(chunk.buffer, 0, count * 2));
  }
  closeSync(file);
  return 8 + json.length + offset;
}
