import type { KernelBackendV1 } from '@anyk/core';
import { backendNames, createBackend } from '../backends/create-backend.ts';
import { demoFamilies, demoLayer, demoTokens } from '../demo/demo-model.ts';
import type { BenchCase } from '../harness/bench-case.ts';
import { type BenchRow, errorRow } from '../harness/bench-report.ts';
import type { BenchSuite, SuiteContext, SuiteResult } from '../harness/bench-suite.ts';
import { runBenchCases } from '../harness/run-suite.ts';

/** Sweeps of the routers suite. */
export const routersSuiteSweep = {
  full: { tokens: [1, 16, 512, 4096], experts: [8, 64], d: 64, f: 128 },
  quick: { tokens: [1, 16], experts: [8], d: 16, f: 32 },
} as const;

/**
 * `routers`: every family on every available backend, routing alone (`backend.route`) and the whole layer
 * (`backend.forward`), across token counts and expert counts. Small d and f keep the expert FFN from
 * hiding the routing cost. Backends that cannot be created are one error row each.
 */
export const routersSuite: BenchSuite = {
  name: 'routers',
  description: 'every router family on every backend: route() alone and the whole forward(), T x E sweep',
  async run(context: SuiteContext): Promise<SuiteResult> {
    const sweep = context.quick ? routersSuiteSweep.quick : routersSuiteSweep.full;
    const names = context.backends ?? [...backendNames].reverse();
    const rows: BenchRow[] = [];
    const backends: { name: string; backend: KernelBackendV1 }[] = [];
    for (const name of names) {
      try {
        backends.push({ name, backend: await createBackend(name) });
      } catch (error) {
        rows.push(
          errorRow(
            { id: `backend/${name}`, group: 'backends', implementation: name, shape: {}, threads: null },
            error,
          ),
        );
      }
    }
    const measure = context.quick ? undefined : { warmup: 1, repeats: 5, maxTimeMs: 1000, minRepeats: 1 };
    const cases: BenchCase[] = [];
    for (const experts of sweep.experts) {
      for (const tokens of sweep.tokens) {
        const shape = { tokens, d: sweep.d, f: sweep.f, experts, seed: 3 };
        const batch = demoTokens(shape);
        for (const operation of ['route', 'forward'] as const) {
          for (const { name, backend } of backends) {
            for (const family of demoFamilies) {
              const group = `${operation} E=${experts} T=${tokens}`;
              cases.push({
                id: `${operation}/${name}/${family}/E${experts}/T${tokens}`,
                group,
                implementation: `${name} ${family}`,
                shape: { family, T: tokens, E: experts, d: sweep.d, f: sweep.f },
                threads: null,
                measure,
                async setup() {
                  const { layer, input } = demoLayer(family, shape, batch.centres);
                  const layerInput = { ...input, tokens, x: batch.x };
                  if (operation === 'route') {
                    const routeInput = {
                      tokens,
                      x: batch.x,
                      router: layer.weights.router,
                      d: sweep.d,
                      params: layer.params,
                      k: input.k,
                    };
                    return { run: () => backend.route(layer.spec, routeInput), work: { tokens } };
                  }
                  const first = await backend.forward(layer, layerInput);
                  return {
                    run: () => backend.forward(layer, layerInput),
                    work: { tokens },
                    metrics: { meanExperts: first.plan.expertOffset[experts]! / tokens },
                  };
                },
              });
            }
          }
        }
      }
    }
    try {
      rows.push(...(await runBenchCases(cases, context, 'routers')));
    } finally {
      for (const { backend } of backends) await backend.dispose();
    }
    return {
      rows,
      ratios: {},
      notes: [
        `Backends tried: ${names.join(', ')}. d=${sweep.d}, f=${sweep.f} SwiGLU experts (BlockFFN: SiLU MLP); tokens are the demo's seeded tokens of varying difficulty.`,
        'route rows time backend.route(spec, { x, router }) (router GEMM, scoring, selection, weighting); forward rows time backend.forward (routing, plan, expert FFN, combine).',
      ],
    };
  },
};
