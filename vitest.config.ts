import { resolve } from 'node:path';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { quietChromiumArgs } from './packages/bench/src/browser-bench/chromium-args.ts';

/**
 * One project per package, reading sources through the `@anyk/source` export condition, plus:
 * - `repo`: repository-level checks (`test/`: the fixture copy, README examples);
 * - `built`: the same public entry points resolved to `dist` (run `pnpm -r build` first);
 * - `webgpu-dawn`: WebGPU kernels on Dawn (`webgpu` npm package) in Node, when a SwiftShader driver exists;
 * - `webgpu-chromium`: WebGPU kernels in headless Chromium (vitest browser mode), when chromium exists;
 * - `browser-cpu`, `browser-cpu-isolated`: the browser CPU backend (Web Workers) in that Chromium, on a plain
 *   and on a cross-origin isolated page (conformance fixtures, faults), when chromium exists;
 * - `bench-chromium`: Node tests driving that Chromium (`anyk bench --suite browser-cpu --quick`), likewise;
 * - `docs`: the built documentation site crawled in that Chromium (playwright-core), when chromium exists.
 * `scripts/test.sh` decides which WebGPU lanes can run and says so loudly; it never skips silently.
 */
const serverConditions = ['@anyk/source', 'module', 'node', 'development|production'];
const clientConditions = ['@anyk/source', 'module', 'browser', 'development|production'];
const source = {
  resolve: { conditions: serverConditions },
  ssr: { resolve: { conditions: serverConditions, externalConditions: ['@anyk/source'] } },
};

/** Headers that make a page cross-origin isolated (`crossOriginIsolated`: SharedArrayBuffer, threads). */
const crossOriginIsolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * In the browser lanes' page, `@anyk/core/testing` is its fixture checker only: the fixtures come from Node
 * (`provide`), and the rest of that entry (the fixture finder and loader) reads files with node:fs. The
 * lanes' global setup (Node, `ssr`) still gets the whole entry.
 */
const coreTestingInThePage = {
  name: 'anyk-core-testing-in-the-page',
  enforce: 'pre' as const,
  resolveId(source: string, _importer: string | undefined, options: { ssr?: boolean }) {
    if (source !== '@anyk/core/testing' || options.ssr) return null;
    return resolve('packages/core/src/testing/check-fixture.ts');
  },
};

const nodePackages = ['core', 'routers', 'losses', 'kernels-node', 'checkpoints', 'bench', 'train'];

const projects = [
  ...nodePackages.map((name) => ({
    ...source,
    test: {
      name,
      root: `packages/${name}`,
      include: ['src/**/*.test.ts'],
      exclude: ['src/**/*.browser.test.ts', 'src/**/*.chromium.test.ts'],
      environment: 'node',
      testTimeout: 120_000,
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: 'tsconfig.json' },
    },
  })),
  {
    // Repository-level checks: the fixture copy against shared/fixtures and its manifest, README examples.
    ...source,
    test: {
      name: 'repo',
      root: '.',
      include: ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 120_000,
    },
  },
  {
    test: {
      name: 'built',
      include: ['packages/*/test-built/**/*.test.ts'],
      environment: 'node',
      testTimeout: 120_000,
    },
  },
];

if (process.env.ANYK_LANE_WEBGPU_DAWN === '1') {
  projects.push({
    ...source,
    test: {
      name: 'webgpu-dawn',
      root: 'packages/kernels-webgpu',
      include: ['src/**/*.test.ts'],
      exclude: ['src/**/*.browser.test.ts'],
      environment: 'node',
      testTimeout: 300_000,
      // Dawn on SwiftShader is slow and one device at a time is plenty for 2 cores.
      fileParallelism: false,
    },
  } as (typeof projects)[number]);
}

if (process.env.ANYK_CHROMIUM_PATH) {
  projects.push({
    resolve: { conditions: clientConditions },
    test: {
      name: 'webgpu-chromium',
      root: 'packages/kernels-webgpu',
      include: ['src/**/*.browser.test.ts'],
      testTimeout: 300_000,
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({
          launchOptions: {
            executablePath: process.env.ANYK_CHROMIUM_PATH,
            args: [
              '--enable-unsafe-webgpu',
              '--no-sandbox',
              '--disable-gpu-sandbox',
              '--use-webgpu-adapter=swiftshader',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync',
              '--disable-quic',
              '--no-first-run',
            ],
          },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  } as unknown as (typeof projects)[number]);
  // The browser CPU backend (Web Workers running the WebAssembly kernels) in the same Chromium, twice: a
  // plain page (one worker, threads fall back) and a cross-origin isolated one (COOP/COEP headers, so
  // shared memory and kernel-worker threads). Fixtures are read in Node and handed over with `provide`.
  for (const isolated of [false, true]) {
    projects.push({
      resolve: { conditions: clientConditions },
      plugins: [coreTestingInThePage],
      ...(isolated ? { server: { headers: crossOriginIsolationHeaders } } : {}),
      test: {
        name: isolated ? 'browser-cpu-isolated' : 'browser-cpu',
        root: '.',
        include: [
          'packages/kernels-node/src/**/*.browser.test.ts',
          'packages/bench/src/**/*.browser.test.ts',
        ],
        // Faults that do not depend on the page's mode run once, in the plain lane.
        exclude: isolated ? ['packages/kernels-node/src/browser/browser-cpu-faults.browser.test.ts'] : [],
        globalSetup: ['packages/bench/src/conformance/provide-fixtures.ts'],
        provide: { crossOriginIsolated: isolated },
        testTimeout: 120_000,
        browser: {
          enabled: true,
          headless: true,
          provider: playwright({
            launchOptions: { executablePath: process.env.ANYK_CHROMIUM_PATH, args: [...quietChromiumArgs] },
          }),
          instances: [{ browser: 'chromium' }],
        },
      },
    } as unknown as (typeof projects)[number]);
  }
  // Node tests that drive that Chromium themselves (playwright-core): `anyk bench --suite browser-cpu --quick`.
  projects.push({
    ...source,
    test: {
      name: 'bench-chromium',
      root: 'packages/bench',
      include: ['src/**/*.chromium.test.ts'],
      environment: 'node',
      testTimeout: 120_000,
    },
  } as (typeof projects)[number]);
  // The documentation site (apps/docs), built by scripts/test.sh, crawled in the same Chromium.
  projects.push({
    ...source,
    test: {
      name: 'docs',
      root: 'apps/docs',
      include: ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 600_000,
      hookTimeout: 120_000,
      fileParallelism: false,
    },
  } as (typeof projects)[number]);
}

export default defineConfig({ test: { projects } });
