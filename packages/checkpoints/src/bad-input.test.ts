import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnykError, CorruptFileError, UnsupportedError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { CheckpointError, type CheckpointProblem } from './checkpoint-error.ts';
import { loadCheckpoint, openCheckpoint } from './open-checkpoint.ts';
import { type FileBytes, sourceFromFiles } from './sources/checkpoint-source.ts';
import { hfFixturesDirectory } from './testing/hf-fixtures.ts';

// Corrupt copies of two fixture cases, built in memory (the fixtures themselves are never touched).
const single = join(hfFixturesDirectory(), 'mixtral', 'e4-k2-bf16');
const sharded = join(hfFixturesDirectory(), 'deepseek_v3', 'e8-g4-k2-sharded');
const singleFiles = (): Record<string, Uint8Array> => ({
  'config.json': readFileSync(join(single, 'config.json')),
  'model.safetensors': readFileSync(join(single, 'model.safetensors')),
});
const shardedFiles = (): Record<string, Uint8Array> =>
  Object.fromEntries(
    [
      'config.json',
      'model.safetensors.index.json',
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
    ].map((name) => [name, readFileSync(join(sharded, name))]),
  );

type Header = Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;

/** Splits a safetensors file into its header object and data section. */
function split(bytes: Uint8Array): { header: Header; data: Uint8Array } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return {
    header: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Header,
    data: bytes.subarray(8 + length),
  };
}

/** Serialises a (possibly edited) header in front of `data`; `declaredLength` overrides the prefix. */
function join8(header: Header, data: Uint8Array, declaredLength?: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(declaredLength ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function withSafetensors(edit: (header: Header, data: Uint8Array) => Uint8Array): Record<string, FileBytes> {
  const files = singleFiles();
  const { header, data } = split(files['model.safetensors'] as Uint8Array);
  return { ...files, 'model.safetensors': edit(header, data) };
}

async function expectProblem(
  files: Record<string, FileBytes>,
  problem: CheckpointProblem,
  file: string,
  tensor?: string,
): Promise<void> {
  const error = await loadCheckpoint(sourceFromFiles(files)).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CheckpointError);
  const checkpointError = error as CheckpointError;
  expect({
    problem: checkpointError.problem,
    file: checkpointError.file,
    tensor: checkpointError.tensor,
  }).toEqual({
    problem,
    file,
    tensor,
  });
  expect(checkpointError.message).toContain(file);
  if (tensor !== undefined) expect(checkpointError.message).toContain(tensor);
}

const router0 = 'model.layers.0.block_sparse_moe.gate.weight';
const expert = 'model.layers.1.block_sparse_moe.experts.2.w3.weight';

describe('bad checkpoints: typed errors naming file and tensor, nothing loaded', () => {
  it('the untouched copies load (so every failure below is the corruption)', async () => {
    await expect(loadCheckpoint(sourceFromFiles(singleFiles()))).resolves.toBeDefined();
    await expect(loadCheckpoint(sourceFromFiles(shardedFiles()))).resolves.toBeDefined();
  });

  it('unknown model_type: UnsupportedError listing the supported ones', async () => {
    const files = singleFiles();
    const config = JSON.parse(new TextDecoder().decode(files['config.json']));
    files['config.json'] = new TextEncoder().encode(JSON.stringify({ ...config, model_type: 'gpt_oss' }));
    await expect(openCheckpoint(sourceFromFiles(files))).rejects.toThrow(UnsupportedError);
    await expect(openCheckpoint(sourceFromFiles(files))).rejects.toThrow(/gpt_oss.*mixtral/);
  });

  it('a config key the architecture needs is missing', async () => {
    const files = singleFiles();
    const config = JSON.parse(new TextDecoder().decode(files['config.json']));
    delete config.hidden_size;
    files['config.json'] = new TextEncoder().encode(JSON.stringify(config));
    await expect(openCheckpoint(sourceFromFiles(files))).rejects.toThrow(/hidden_size/);
  });

  it('missing tensor', async () => {
    const files = withSafetensors((header, data) => {
      const { [expert]: removed, ...rest } = header;
      // Keep the data tiling valid: rename instead of dropping bytes.
      return join8({ ...rest, 'model.layers.1.unused.weight': removed as Header[string] }, data);
    });
    await expectProblem(files, 'missing-tensor', 'model.safetensors', expert);
  });

  it('misshaped tensor', async () => {
    const files = withSafetensors((header, data) => {
      const entry = header[router0] as Header[string];
      header[router0] = { ...entry, shape: [entry.shape[1] as number, entry.shape[0] as number] };
      return join8(header, data);
    });
    await expectProblem(files, 'shape', 'model.safetensors', router0);
  });

  it('dtype not supported', async () => {
    const files = withSafetensors((header, data) => {
      const entry = header[router0] as Header[string];
      header[router0] = { ...entry, dtype: 'I16' };
      return join8(header, data);
    });
    await expectProblem(files, 'dtype', 'model.safetensors', router0);
  });

  it('truncated file', async () => {
    const files = singleFiles();
    const bytes = files['model.safetensors'] as Uint8Array;
    const { header } = split(bytes);
    const last = Object.entries(header)
      .filter(([name]) => name !== '__metadata__')
      .sort((a, b) => b[1].data_offsets[1] - a[1].data_offsets[1])[0]?.[0] as string;
    await expectProblem(
      { ...files, 'model.safetensors': bytes.subarray(0, bytes.length - 10) },
      'truncated',
      'model.safetensors',
      last,
    );
  });

  it('header longer than the file', async () => {
    const files = withSafetensors((header, data) => join8(header, data, 1 << 30));
    await expectProblem(files, 'header', 'model.safetensors');
    await expectProblem(
      { ...singleFiles(), 'model.safetensors': new Uint8Array(5) },
      'header',
      'model.safetensors',
    );
  });

  it('overlapping data_offsets', async () => {
    const files = withSafetensors((header, data) => {
      const entries = Object.entries(header).filter(([name]) => name !== '__metadata__');
      const [name, entry] = entries.find(([, value]) => value.data_offsets[0] > 0) as [
        string,
        Header[string],
      ];
      const shift = 2;
      header[name] = {
        ...entry,
        data_offsets: [entry.data_offsets[0] - shift, entry.data_offsets[1] - shift],
      };
      return join8(header, data);
    });
    const error = (await loadCheckpoint(sourceFromFiles(files)).catch(
      (caught: unknown) => caught,
    )) as CheckpointError;
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error.problem).toBe('offsets');
    expect(error.message).toMatch(/overlapping|gap/);
  });

  it('out-of-range data_offsets', async () => {
    const files = withSafetensors((header, data) => {
      const entry = header[router0] as Header[string];
      const size = entry.data_offsets[1] - entry.data_offsets[0];
      header[router0] = { ...entry, data_offsets: [data.length + 64, data.length + 64 + size] };
      return join8(header, data);
    });
    await expectProblem(files, 'truncated', 'model.safetensors', router0);
  });

  it('an index naming a missing shard', async () => {
    const files = shardedFiles();
    delete files['model-00002-of-00002.safetensors'];
    await expectProblem(files, 'missing-shard', 'model.safetensors.index.json');
  });

  it('an index that maps a tensor to the wrong shard', async () => {
    const files = shardedFiles();
    const index = JSON.parse(new TextDecoder().decode(files['model.safetensors.index.json']));
    const name = 'model.layers.2.mlp.gate.weight';
    index.weight_map[name] = 'model-00001-of-00002.safetensors';
    files['model.safetensors.index.json'] = new TextEncoder().encode(JSON.stringify(index));
    await expectProblem(files, 'index', 'model.safetensors.index.json', name);
  });

  it('NaN weights: loadCheckpoint rejects (no layer is returned)', async () => {
    const files = withSafetensors((header, data) => {
      const entry = header[expert] as Header[string];
      const copy = new Uint8Array(data);
      // BF16 0x7fc0 is a quiet NaN; element 3 of the tensor.
      new DataView(copy.buffer).setUint16(entry.data_offsets[0] + 6, 0x7fc0, true);
      return join8(header, copy);
    });
    await expectProblem(files, 'non-finite', 'model.safetensors', expert);
    const checkpoint = await openCheckpoint(sourceFromFiles(files));
    await expect(checkpoint.loadLayer(0)).resolves.toMatchObject({ kind: 'moe' });
    await expect(checkpoint.loadLayer(1)).rejects.toThrow(/element 3 is NaN/);
    await expect(checkpoint.loadLayer(2)).rejects.toThrow(/index must be a layer index in \[0, 2\)/);
  });

  it("weights: 'keep' checks 16-bit tensors too: a BF16 Infinity is non-finite, naming file and tensor", async () => {
    const files = withSafetensors((header, data) => {
      const entry = header[expert] as Header[string];
      const copy = new Uint8Array(data);
      new DataView(copy.buffer).setUint16(entry.data_offsets[0] + 10, 0xff80, true); // -Infinity, element 5
      return join8(header, copy);
    });
    const checkpoint = await openCheckpoint(sourceFromFiles(files), { weights: 'keep' });
    const error = await checkpoint.loadLayer(1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error).toMatchObject({ problem: 'non-finite', file: 'model.safetensors', tensor: expert });
    expect((error as Error).message).toMatch(/element 5 is -Infinity/);
  });

  it('an unknown weights option is an InvalidArgumentError naming it', async () => {
    const options = { weights: 'bf16' } as unknown as { weights: 'keep' };
    const error = await openCheckpoint(sourceFromFiles(singleFiles()), options).catch(
      (caught: unknown) => caught,
    );
    expect(AnykError.isInstance(error) && error.code).toBe('invalid-argument');
    expect((error as Error).message).toContain('weights');
  });
});

describe('CheckpointError brand', () => {
  it('is a CorruptFileError and an AnykError, and has a brand of its own', () => {
    const error = new CheckpointError('truncated', 'model.safetensors', 'too short');
    expect(CorruptFileError.isInstance(error)).toBe(true);
    expect(AnykError.isInstance(error)).toBe(true);
    expect(CheckpointError.isInstance(error)).toBe(true);
    expect(CheckpointError.isInstance(new CorruptFileError('a.json', 'not JSON'))).toBe(false);
  });
});
