import { UnsupportedError } from '@anyk/core';
import { type MeasureOptions, measureSamples } from '../../harness/measure-samples.ts';
import {
  type BrowserBenchPageApi,
  type BrowserCaseRequest,
  type BrowserCaseResult,
  type BrowserCaseSpec,
  browserBenchGlobal,
} from '../browser-case-spec.ts';
import { ortWebGemmCase, ortWebMoeLoopCase } from './ort-web-cases.ts';
import type { PageCase } from './page-case.ts';
import { tfjsWasmGemmCase, tfjsWasmMoeLoopCase } from './tfjs-wasm-cases.ts';

/**
 * The page of `anyk bench --suite browser-cpu`: Node opens it once per case (a fresh page, so each
 * runtime's thread count and memory start clean) and calls `globalThis.anykBrowserBench.run(request)`.
 */
async function prepareCase(spec: BrowserCaseSpec, measure: MeasureOptions): Promise<PageCase> {
  switch (spec.implementation) {
    case 'onnxruntime-web':
      return spec.kind === 'gemm' ? ortWebGemmCase(spec) : ortWebMoeLoopCase(spec);
    case 'tfjs-wasm':
      return spec.kind === 'gemm' ? tfjsWasmGemmCase(spec) : tfjsWasmMoeLoopCase(spec);
    case 'anyk-browser-cpu': {
      // Loaded on demand: a build without the browser entry fails these rows only.
      const anyk = await import('./anyk-browser-cpu-cases.ts');
      return spec.kind === 'gemm'
        ? anyk.anykBrowserCpuGemmCase(spec, measure)
        : anyk.anykBrowserCpuMoeCase(spec);
    }
    default:
      throw new UnsupportedError(
        `implementation ${String((spec as BrowserCaseSpec).implementation)}`,
        'unknown',
      );
  }
}

async function runCase(request: BrowserCaseRequest): Promise<BrowserCaseResult> {
  const prepared = await prepareCase(request.spec, request.measure);
  try {
    const { run } = prepared;
    const output = request.returnOutput && run ? Array.from(await run()) : undefined;
    const samples = run ? await measureSamples(run, request.measure) : [];
    return {
      samples,
      premeasured: prepared.premeasured,
      threads: prepared.threads,
      threadFallback: prepared.threadFallback,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      meanExperts: request.spec.kind === 'moe' ? (prepared.meanExperts ?? request.spec.k) : undefined,
      output,
    };
  } finally {
    await prepared.dispose();
  }
}

const api: BrowserBenchPageApi = { run: runCase };
(globalThis as unknown as Record<string, BrowserBenchPageApi>)[browserBenchGlobal] = api;
