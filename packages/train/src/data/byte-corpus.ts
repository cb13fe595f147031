import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { CorruptFileError, InvalidArgumentError } from '@anyk/core';
import { requireNumber } from '@anyk/core/internal';
import type { TokenBatch } from '../model/moe-language-model.ts';
import type { SeededRandom } from '../random/seeded-random.ts';

/**
 * A byte corpus split by byte offset: the first `trainFraction` for training, the rest for validation
 * (data/README.md fixes 95/5 for the KJV text), so every run sees the same data.
 */
export interface ByteCorpus {
  readonly train: Uint8Array;
  readonly validation: Uint8Array;
}

/** The bundled corpus: packages/train/data/kjv.txt.gz. */
export const defaultCorpusPath = new URL('../../data/kjv.txt.gz', import.meta.url);

/** Splits raw bytes at `floor(length * trainFraction)`. */
export function splitCorpus(bytes: Uint8Array, trainFraction = 0.95): ByteCorpus {
  const range = { min: 0, max: 1, minOpen: true, maxOpen: true, notation: 'interval' } as const;
  requireNumber('trainFraction', trainFraction, range, 'splitCorpus');
  const cut = Math.floor(bytes.length * trainFraction);
  return { train: bytes.subarray(0, cut), validation: bytes.subarray(cut) };
}

/** Reads a gzip (or plain) text file and splits it; a broken gzip stream is a `CorruptFileError`. */
export function loadCorpus(path: string | URL = defaultCorpusPath, trainFraction = 0.95): ByteCorpus {
  const raw = readFileSync(path);
  let bytes: Uint8Array = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      bytes = gunzipSync(raw);
    } catch (error) {
      throw new CorruptFileError(String(path), `gzip stream does not decode (${(error as Error).message})`);
    }
  }
  return splitCorpus(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), trainFraction);
}

/** `sequences` random contiguous windows of `length + 1` bytes from `bytes` (inputs and shifted targets). */
export function sampleBatch(
  bytes: Uint8Array,
  sequences: number,
  length: number,
  random: SeededRandom,
): TokenBatch {
  if (bytes.length < length + 2)
    throw new InvalidArgumentError('bytes.length', `at least ${length + 2}`, bytes.length, 'sampleBatch');
  const inputs = new Int32Array(sequences * length);
  const targets = new Int32Array(sequences * length);
  for (let sequence = 0; sequence < sequences; sequence++) {
    const start = random.nextInt(bytes.length - length - 1);
    for (let position = 0; position < length; position++) {
      inputs[sequence * length + position] = bytes[start + position]!;
      targets[sequence * length + position] = bytes[start + position + 1]!;
    }
  }
  return { sequences, length, inputs, targets };
}

/**
 * Deterministic evaluation batches: consecutive non-overlapping windows from the start of `bytes`, at
 * most `maxSequences` of them, grouped `batchSequences` per batch.
 */
export function evaluationBatches(
  bytes: Uint8Array,
  length: number,
  maxSequences: number,
  batchSequences: number,
): TokenBatch[] {
  const available = Math.floor((bytes.length - 1) / length);
  const total = Math.min(available, maxSequences);
  const batches: TokenBatch[] = [];
  for (let first = 0; first < total; first += batchSequences) {
    const sequences = Math.min(batchSequences, total - first);
    const inputs = new Int32Array(sequences * length);
    const targets = new Int32Array(sequences * length);
    for (let sequence = 0; sequence < sequences; sequence++) {
      const start = (first + sequence) * length;
      for (let position = 0; position < length; position++) {
        inputs[sequence * length + position] = bytes[start + position]!;
        targets[sequence * length + position] = bytes[start + position + 1]!;
      }
    }
    batches.push({ sequences, length, inputs, targets });
  }
  return batches;
}
