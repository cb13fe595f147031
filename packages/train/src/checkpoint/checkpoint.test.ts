import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors } from '@anyk/checkpoints';
import { CorruptFileError, createReferenceBackend, type KernelBackendV1 } from '@anyk/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitCorpus } from '../data/byte-corpus.ts';
import type { ModelConfig } from '../model/model-config.ts';
import { Trainer } from '../trainer/trainer.ts';
import { defaultTrainingConfig, type TrainingConfig } from '../trainer/training-config.ts';
import { checkpointPaths, loadCheckpoint, resumeTrainer, saveCheckpoint } from './checkpoint.ts';

const corpus = splitCorpus(
  new TextEncoder().encode('And God said, Let there be light: and there was light. '.repeat(20)),
  0.9,
);

const model = (dtype: 'float32' | 'float64'): ModelConfig => ({
  vocabSize: 256,
  d: 8,
  layers: 2,
  heads: 2,
  context: 8,
  numExperts: 4,
  f: 8,
  expert: 'swiglu',
  tiedEmbeddings: false,
  router: { family: 'remoe', targetK: 1, lambdaInit: 1e-3 },
  normEps: 1e-5,
  dtype,
});

const training: TrainingConfig = {
  ...defaultTrainingConfig,
  seed: 3,
  steps: 6,
  batchSequences: 2,
  sequenceLength: 8,
  warmupSteps: 2,
};

describe('checkpoints', () => {
  let backend: KernelBackendV1;
  beforeAll(async () => {
    backend = await createReferenceBackend();
  });

  it('save -> load -> resume gives bit-identical next steps (params, moments, PRNG, ReMoE lambda)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyk-train-'));
    for (const dtype of ['float32', 'float64'] as const) {
      const uninterrupted = Trainer.create(model(dtype), training, backend, corpus);
      const interrupted = Trainer.create(model(dtype), training, backend, corpus);
      for (let step = 0; step < 3; step++) {
        await uninterrupted.trainStep();
        await interrupted.trainStep();
      }
      const path = join(dir, `run-${dtype}`);
      saveCheckpoint(interrupted, path);
      const resumed = resumeTrainer(`${path}.safetensors`, backend, corpus);
      expect(resumed.step).toBe(3);
      const logsA = [];
      const logsB = [];
      for (let step = 3; step < 6; step++) {
        logsA.push(await uninterrupted.trainStep());
        logsB.push(await resumed.trainStep());
      }
      expect(logsB).toEqual(logsA);
      for (const tensor of uninterrupted.model.parameters.entries()) {
        const other = resumed.model.parameters.get(tensor.name);
        expect(other.constructor).toBe(tensor.data.constructor);
        expect(Buffer.from(other.buffer).equals(Buffer.from(tensor.data.buffer)), tensor.name).toBe(true);
      }
      expect(resumed.snapshot()).toEqual(uninterrupted.snapshot());
    }
  });

  it('loads a model-only checkpoint that routes like the saved model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyk-train-'));
    const trainer = Trainer.create(model('float32'), training, backend, corpus);
    await trainer.trainStep();
    const { tensors } = saveCheckpoint(trainer, join(dir, 'model'), { optimizer: false });
    const loaded = loadCheckpoint(tensors);
    expect(loaded.firstMoment).toBeUndefined();
    const batch = {
      sequences: 1,
      length: 8,
      inputs: Int32Array.from([65, 110, 100, 32, 71, 111, 100, 32]),
      targets: new Int32Array(8),
    };
    const a = await trainer.model.forward(backend, batch, { retain: false, mode: 'infer' });
    const b = await loaded.model.forward(backend, batch, { retain: false, mode: 'infer' });
    expect(b.loss).toBe(a.loss);
    expect(() => resumeTrainer(tensors, backend, corpus)).toThrow(CorruptFileError);
  });

  it('rejects corrupt safetensors with CorruptFileError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyk-train-'));
    const trainer = Trainer.create(model('float32'), training, backend, corpus);
    const { tensors } = saveCheckpoint(trainer, join(dir, 'model'));
    const good = readFileSync(tensors);
    const corruptions: [string, Uint8Array][] = [
      ['truncated data', good.subarray(0, good.length - 4)],
      ['too short', good.subarray(0, 5)],
      [
        'header length past the end',
        (() => {
          const copy = Uint8Array.from(good);
          new DataView(copy.buffer).setBigUint64(0, BigInt(good.length), true);
          return copy;
        })(),
      ],
      [
        'header not JSON',
        (() => {
          const copy = Uint8Array.from(good);
          copy[8] = 0x21;
          return copy;
        })(),
      ],
    ];
    for (const [name, bytes] of corruptions) {
      writeFileSync(tensors, bytes);
      expect(() => loadCheckpoint(tensors), name).toThrow(CorruptFileError);
    }
    // A valid file whose tensor has the wrong shape for the config.
    const { tensors: parsed } = decodeSafetensors(good);
    const entries = [...parsed.values()].map((entry) =>
      entry.name === 'param.finalNorm' ? { ...entry, shape: [4, 2] } : entry,
    );
    const reshaped = encodeSafetensors(entries);
    writeFileSync(tensors, reshaped);
    // The config's hash catches the swap first ...
    expect(() => loadCheckpoint(tensors)).toThrow(/SHA-256 differs/);
    // ... and with a matching hash the shape check names the tensor.
    const configPath = checkpointPaths(tensors).config;
    const config = JSON.parse(readFileSync(configPath, 'utf8'));
    config.tensorsSha256 = createHash('sha256').update(reshaped).digest('hex');
    writeFileSync(configPath, JSON.stringify(config));
    expect(() => loadCheckpoint(tensors)).toThrow(/param\.finalNorm.*shape/);
  });

  it('round-trips safetensors bytes and dtypes, with an 8-byte aligned header', () => {
    const bytes = encodeSafetensors(
      [
        { name: 'a', shape: [2, 2], data: Float32Array.from([1, -2, 3.5, 1e-8]) },
        { name: 'b', shape: [3], data: Float64Array.from([Math.PI, -0, 1e300]) },
      ],
      { note: 'x' },
    );
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header.a).toEqual({ dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] });
    expect(header.b).toEqual({ dtype: 'F64', shape: [3], data_offsets: [16, 40] });
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({ note: 'x' });
    expect([...(tensors.get('a')?.data ?? [])]).toEqual([...Float32Array.from([1, -2, 3.5, 1e-8])]);
    expect(tensors.get('b')?.data).toEqual(Float64Array.from([Math.PI, -0, 1e300]));
  });
});
