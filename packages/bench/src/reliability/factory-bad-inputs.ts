import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReferenceBackend } from '@anyk/core';
import { entropyLoss, loadBalanceLoss, zLoss } from '@anyk/losses';
import {
  adaK,
  adaMoE,
  blockFFN,
  deepSeekV3,
  dynMoE,
  expertChoice,
  longCat,
  moePlusPlus,
  reMoE,
  topK,
  topP,
} from '@anyk/routers';
import { loadCheckpoint } from '@anyk/train';

/** A bad argument to a factory (router, loss, backend, checkpoint loader) and the argument it must name. */
export interface FactoryBadInputCase {
  readonly name: string;
  readonly argument: RegExp;
  readonly call: () => unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: the catalogue passes what the types forbid on purpose.
type Anything = any;

const routerCases: FactoryBadInputCase[] = [
  { name: 'topK(undefined)', argument: /^config$/, call: () => topK(undefined as Anything) },
  { name: 'topK(null)', argument: /^config$/, call: () => topK(null as Anything) },
  { name: "topK('k=2')", argument: /^config$/, call: () => topK('k=2' as Anything) },
  { name: 'topK numExperts 0', argument: /^numExperts$/, call: () => topK({ numExperts: 0, k: 1 }) },
  { name: 'topK k above numExperts', argument: /^k$/, call: () => topK({ numExperts: 4, k: 5 }) },
  {
    name: "topK weights 'mean'",
    argument: /^weights$/,
    call: () => topK({ numExperts: 4, k: 1, weights: 'mean' as Anything }),
  },
  {
    name: 'topK capacityFactor 0',
    argument: /^capacityFactor$/,
    call: () => topK({ numExperts: 4, k: 1, capacityFactor: 0 }),
  },
  { name: 'topP(undefined)', argument: /^config$/, call: () => topP(undefined as Anything) },
  { name: 'topP p 0', argument: /^p$/, call: () => topP({ numExperts: 4, p: 0 }) },
  { name: 'topP p NaN', argument: /^p$/, call: () => topP({ numExperts: 4, p: Number.NaN }) },
  { name: 'topP maxK 0', argument: /^maxK$/, call: () => topP({ numExperts: 4, maxK: 0 }) },
  {
    name: "dynMoE mode 'eval'",
    argument: /^mode$/,
    call: () => dynMoE({ numExperts: 4, mode: 'eval' as Anything }),
  },
  { name: 'dynMoE(undefined)', argument: /^config$/, call: () => dynMoE(undefined as Anything) },
  {
    name: 'adaMoE nullExperts -1',
    argument: /^nullExperts$/,
    call: () => adaMoE({ numExperts: 4, nullExperts: -1, k: 1 }),
  },
  { name: 'adaMoE(undefined)', argument: /^config$/, call: () => adaMoE(undefined as Anything) },
  {
    name: 'deepSeekV3 nGroups 3 of 8',
    argument: /^nGroups$/,
    call: () => deepSeekV3({ numExperts: 8, k: 2, nGroups: 3 }),
  },
  { name: 'deepSeekV3(undefined)', argument: /^config$/, call: () => deepSeekV3(undefined as Anything) },
  {
    name: 'longCat identityExperts 1.5',
    argument: /^identityExperts$/,
    call: () => longCat({ numExperts: 4, identityExperts: 1.5, k: 1 }),
  },
  { name: 'longCat(undefined)', argument: /^config$/, call: () => longCat(undefined as Anything) },
  {
    name: "moePlusPlus zeroComputation ['identity']",
    argument: /zeroComputation/,
    call: () => moePlusPlus({ numExperts: 4, zeroComputation: ['identity' as Anything] }),
  },
  {
    name: 'moePlusPlus normStd 0',
    argument: /^normStd$/,
    call: () => moePlusPlus({ numExperts: 4, normStd: 0 }),
  },
  { name: 'moePlusPlus(undefined)', argument: /^config$/, call: () => moePlusPlus(undefined as Anything) },
  {
    name: 'expertChoice capacityFactor -1',
    argument: /^capacityFactor$/,
    call: () => expertChoice({ numExperts: 4, capacityFactor: -1 }),
  },
  { name: 'expertChoice(undefined)', argument: /^config$/, call: () => expertChoice(undefined as Anything) },
  {
    name: "reMoE numExperts 'four'",
    argument: /^numExperts$/,
    call: () => reMoE({ numExperts: 'four' as Anything }),
  },
  { name: 'reMoE(undefined)', argument: /^config$/, call: () => reMoE(undefined as Anything) },
  { name: 'blockFFN eps -1', argument: /^eps$/, call: () => blockFFN({ numExperts: 4, eps: -1 }) },
  { name: 'blockFFN(undefined)', argument: /^config$/, call: () => blockFFN(undefined as Anything) },
  { name: 'adaK kMax above numExperts', argument: /^kMax$/, call: () => adaK({ numExperts: 4, kMax: 9 }) },
  { name: 'adaK(undefined)', argument: /^config$/, call: () => adaK(undefined as Anything) },
];

const lossCases: FactoryBadInputCase[] = [
  {
    name: 'zLoss numTokens 0',
    argument: /^numTokens$/,
    call: () => zLoss({ logits: [], numTokens: 0, numExperts: 2 }),
  },
  {
    name: 'zLoss logits of the wrong length',
    argument: /^logits$/,
    call: () => zLoss({ logits: [1, 2, 3], numTokens: 1, numExperts: 2 }),
  },
  {
    name: 'zLoss logits holding NaN',
    argument: /^logits$/,
    call: () => zLoss({ logits: [1, Number.NaN], numTokens: 1, numExperts: 2 }),
  },
  {
    name: 'zLoss coef Infinity',
    argument: /^coef$/,
    call: () => zLoss({ logits: [1, 2], numTokens: 1, numExperts: 2 }, { coef: Number.POSITIVE_INFINITY }),
  },
  {
    name: 'entropyLoss numExperts 1.5',
    argument: /^numExperts$/,
    call: () => entropyLoss({ logits: [1, 2], numTokens: 1, numExperts: 1.5 }),
  },
  {
    name: "loadBalanceLoss variant 'median'",
    argument: /^variant$/,
    call: () =>
      loadBalanceLoss(
        { probabilities: [0.5, 0.5], numTokens: 1, numExperts: 2 },
        { variant: 'median' as Anything },
      ),
  },
  {
    name: 'loadBalanceLoss selection missing',
    argument: /^selection$/,
    call: () =>
      loadBalanceLoss(
        { probabilities: [0.5, 0.5], numTokens: 1, numExperts: 2 },
        { variant: 'token-fraction' },
      ),
  },
  {
    name: 'loadBalanceLoss probabilities of the wrong length',
    argument: /^probabilities$/,
    call: () =>
      loadBalanceLoss({ probabilities: [1], numTokens: 1, numExperts: 2 }, { variant: 'argmax-fraction' }),
  },
];

const backendFactoryCases: FactoryBadInputCase[] = [
  {
    name: 'createReferenceBackend maxMemoryBytes -1',
    argument: /^maxMemoryBytes$/,
    call: () => createReferenceBackend({ maxMemoryBytes: -1 }),
  },
  {
    name: "createReferenceBackend('fast')",
    argument: /^options$/,
    call: () => createReferenceBackend('fast' as Anything),
  },
  {
    name: 'createNodeBackend threads 0',
    argument: /^threads$/,
    call: async () => (await import('@anyk/kernels-node')).createNodeBackend({ threads: 0 }),
  },
  {
    name: "createNodeBackend threads 'many'",
    argument: /^threads$/,
    call: async () => (await import('@anyk/kernels-node')).createNodeBackend({ threads: 'many' as Anything }),
  },
  {
    name: 'createNodeBackend maxMemoryBytes 10',
    argument: /^maxMemoryBytes$/,
    call: async () => (await import('@anyk/kernels-node')).createNodeBackend({ maxMemoryBytes: 10 }),
  },
  {
    name: "createNodeBackend multiplyAdd 'fast'",
    argument: /^multiplyAdd$/,
    call: async () =>
      (await import('@anyk/kernels-node')).createNodeBackend({ multiplyAdd: 'fast' as Anything }),
  },
  {
    name: "createGpuJsBackend mode 'cuda'",
    argument: /mode/,
    call: async () =>
      (await import('@anyk/kernels-node/gpujs')).createGpuJsBackend({ mode: 'cuda' as Anything }),
  },
  {
    name: 'createGpuJsBackend poolSize 0',
    argument: /poolSize/,
    call: async () => (await import('@anyk/kernels-node/gpujs')).createGpuJsBackend({ poolSize: 0 }),
  },
];

const checkpointCases: FactoryBadInputCase[] = [
  {
    name: 'loadCheckpoint of a path that does not exist',
    argument: /^path$/,
    call: () => loadCheckpoint(join(tmpdir(), 'anyk-no-such-checkpoint')),
  },
  {
    name: 'loadCheckpoint without its .json',
    argument: /^path$/,
    call: async () => {
      const directory = await mkdtemp(join(tmpdir(), 'anyk-catalogue-'));
      await writeFile(join(directory, 'model.safetensors'), new Uint8Array(16));
      return loadCheckpoint(join(directory, 'model'));
    },
  },
  {
    name: 'loadCheckpoint of a directory',
    argument: /^path$/,
    call: () => loadCheckpoint(tmpdir()),
  },
  {
    name: 'loadCheckpoint with a .json that is not JSON',
    argument: /\.json$/,
    call: async () => {
      const directory = await mkdtemp(join(tmpdir(), 'anyk-catalogue-'));
      await writeFile(join(directory, 'model.json'), '{ not json');
      return loadCheckpoint(join(directory, 'model'));
    },
  },
];

/** Every factory case: routers, losses, backend factories, checkpoint loading. */
export const factoryBadInputCases: readonly FactoryBadInputCase[] = [
  ...routerCases,
  ...lossCases,
  ...backendFactoryCases,
  ...checkpointCases,
];
