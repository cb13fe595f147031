import { InvalidArgumentError, UnsupportedError } from '@anyk/core';
import {
  type BrowserBenchPageApi,
  type BrowserCaseInfo,
  type BrowserCaseRequest,
  type BrowserCaseSpec,
  browserBenchGlobal,
} from '../browser-case-spec.ts';
import { ortWebGemmCase, ortWebMoeLoopCase } from './ort-web-cases.ts';
import type { PageCase } from './page-case.ts';
import { tfjsWasmGemmCase, tfjsWasmMoeLoopCase } from './tfjs-wasm-cases.ts';

/**
 * The page of `anyk bench --suite browser-cpu`: Node opens one page per case (a fresh page, so each
 * runtime's thread count and memory start clean), prepares the case there, then calls it once per round
 * in turns with the other cases' pages, and disposes it.
 */
async function prepareCase(spec: BrowserCaseSpec): Promise<PageCase> {
  switch (spec.implementation) {
    case 'onnxruntime-web':
      return spec.kind === 'gemm' ? ortWebGemmCase(spec) : ortWebMoeLoopCase(spec);
    case 'tfjs-wasm':
      return spec.kind === 'gemm' ? tfjsWasmGemmCase(spec) : tfjsWasmMoeLoopCase(spec);
    case 'anyk-browser-cpu': {
      // Loaded on demand: a build without the browser entry fails these rows only.
      const anyk = await import('./anyk-browser-cpu-cases.ts');
      return spec.kind === 'gemm' ? anyk.anykBrowserCpuGemmCase(spec) : anyk.anykBrowserCpuMoeCase(spec);
    }
    default:
      throw new UnsupportedError(
        `implementation ${String((spec as BrowserCaseSpec).implementation)}`,
        'unknown',
      );
  }
}

let prepared: PageCase | undefined;

/** The prepared case, or a typed error when Node calls out of order. */
function current(): PageCase {
  if (prepared === undefined) throw new InvalidArgumentError('page', 'a prepared case', 'none');
  return prepared;
}

async function prepare(request: BrowserCaseRequest): Promise<BrowserCaseInfo> {
  if (prepared !== undefined) throw new InvalidArgumentError('page', 'one case per page', 'a second one');
  const pageCase = await prepareCase(request.spec);
  prepared = pageCase;
  const output = request.returnOutput ? await pageCase.run() : undefined;
  return {
    threads: pageCase.threads,
    threadFallback: pageCase.threadFallback,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    meanExperts: request.spec.kind === 'moe' ? (pageCase.meanExperts ?? request.spec.k) : undefined,
    output: output === undefined ? undefined : Array.from(output),
  };
}

async function runOnce(): Promise<number> {
  const pageCase = current();
  const start = performance.now();
  await pageCase.run();
  return performance.now() - start;
}

async function dispose(): Promise<void> {
  const pageCase = prepared;
  prepared = undefined;
  await pageCase?.dispose();
}

const api: BrowserBenchPageApi = { prepare, runOnce, dispose };
(globalThis as unknown as Record<string, BrowserBenchPageApi>)[browserBenchGlobal] = api;
