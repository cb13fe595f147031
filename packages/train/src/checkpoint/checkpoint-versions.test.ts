import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorruptFileError, createReferenceBackend, type KernelBackendV1 } from '@anyk/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitCorpus } from '../data/byte-corpus.ts';
import type { RouterConfig } from '../routing/router-config.ts';
import { tinyModel, tinyTraining } from '../trainer/__tests__/tiny-runs.ts';
import { Trainer } from '../trainer/trainer.ts';
import {
  checkpointPaths,
  checkpointVersion,
  loadCheckpoint,
  resumeTrainer,
  saveCheckpoint,
} from './checkpoint.ts';

const corpus = splitCorpus(
  new TextEncoder().encode('Let there be light: and there was light. '.repeat(20)),
  0.9,
);

describe('checkpoint format versions', () => {
  let backend: KernelBackendV1;
  const directory = mkdtempSync(join(tmpdir(), 'anyk-versions-'));
  beforeAll(async () => {
    backend = await createReferenceBackend();
  });

  /** Saves a 2-step run of `router`; returns the config path and its parsed JSON. */
  async function saved(router: RouterConfig, name: string) {
    const trainer = Trainer.create(tinyModel(router), { ...tinyTraining, steps: 4 }, backend, corpus);
    await trainer.trainStep();
    await trainer.trainStep();
    const paths = saveCheckpoint(trainer, join(directory, name));
    return { paths, json: JSON.parse(readFileSync(paths.config, 'utf8')) };
  }

  /** Rewrites a checkpoint's config with `edit` applied. */
  function rewrite(path: string, json: object): void {
    writeFileSync(path, JSON.stringify(json));
  }

  it('writes version 2 with the controller state; a version 1 checkpoint of an older family still resumes', async () => {
    const { paths, json } = await saved({ family: 'remoe', targetK: 1 }, 'remoe');
    expect(json.version).toBe(checkpointVersion);
    const { tensorsSha256: _hash, ...versionOne } = { ...json, version: 1 };
    rewrite(paths.config, versionOne);
    expect(resumeTrainer(paths.tensors, backend, corpus).step).toBe(2);
  });

  it("stores BlockFFN's schedule and Ada-K's PPO sampler, and rejects a checkpoint missing them", async () => {
    for (const [router, key] of [
      [{ family: 'blockffn', chunkSize: 4 }, 'chunkSchedule'],
      [{ family: 'ada-k', kMax: 2, costWeight: 0.1 }, 'allocatorPpo'],
    ] as const) {
      const { paths, json } = await saved(router, router.family);
      expect(json.state[key]).toBeDefined();
      const { [key]: _dropped, ...state } = json.state;
      rewrite(paths.config, { ...json, state });
      expect(() => loadCheckpoint(paths.tensors)).toThrow(CorruptFileError);
      expect(() => loadCheckpoint(paths.tensors)).toThrow(new RegExp(`state\\.${key}`));
    }
  });

  it('rejects an unknown version, a version 1 file of a newer family, and an unknown router key', async () => {
    const { paths, json } = await saved({ family: 'adamoe', nullExperts: 2, k: 2 }, 'adamoe');
    const cases: [object, RegExp][] = [
      [{ ...json, version: 3 }, /format version 3/],
      [{ ...json, version: 1 }, /version 1 predates the adamoe family/],
      [
        { ...json, model: { ...json.model, router: { ...json.model.router, targetFfnK: 1 } } },
        /router\.targetFfnK/,
      ],
      [{ ...json, model: { ...json.model, router: { family: 'switch' } } }, /switch/],
    ];
    for (const [config, message] of cases) {
      rewrite(paths.config, config);
      expect(() => loadCheckpoint(paths.tensors)).toThrow(CorruptFileError);
      expect(() => loadCheckpoint(paths.tensors)).toThrow(message);
    }
  });

  it("rejects a config paired with another run's tensors (mismatched checkpoint)", async () => {
    const first = await saved({ family: 'expert-choice' }, 'first');
    const second = await saved({ family: 'expert-choice', capacityFactor: 1 }, 'second');
    writeFileSync(first.paths.tensors, readFileSync(second.paths.tensors));
    expect(() => resumeTrainer(checkpointPaths(first.paths.tensors).tensors, backend, corpus)).toThrow(
      /SHA-256 differs/,
    );
  });
});
