/**
 * The documentation site, built (`pnpm --filter docs build`, run by scripts/test.sh before vitest) and
 * served by `vitepress preview` on 127.0.0.1, crawled in Debian's Chromium through playwright-core:
 * - every guide, family, loss and tool page reachable from the home page loads in Chromium without a
 *   console error or a failed request, every live widget on it computes without showing an error, and no
 *   internal link is broken;
 * - every generated API page (TypeDoc, ~485) answers 200 over HTTP and every link, script, stylesheet and
 *   image it references resolves (`check-static-pages.ts`, from Node: they all run the same client bundle),
 *   every generated API page is reachable, and a sample of five loads in Chromium like the pages above;
 * - a family widget's result changes when a knob moves and equals the router's result computed here;
 * - the playground colours real text on WebGPU (SwiftShader) and on the CPU fallback (a browser
 *   context without `navigator.gpu`);
 * - the playground's JavaScript stays under 250 kB gzipped;
 * - screenshots of the home page, a family page and the playground go to `apps/docs/test-output/`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { routeReference } from '@anyk/core/internal';
import { topP } from '@anyk/routers/top-p';
import { uniMoE2 } from '@anyk/routers/uni-moe-2';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlStaticPages } from './check-static-pages.ts';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const distRoot = join(appRoot, 'site', '.vitepress', 'dist');
const outputRoot = join(appRoot, 'test-output');
const chromiumPath = process.env.ANYK_CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let server: ChildProcess | undefined;
let browser: Browser;
let origin: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts `vitepress preview` and resolves once it answers. */
async function startPreview(port: number): Promise<ChildProcess> {
  const child = spawn(
    join(appRoot, 'node_modules', '.bin', 'vitepress'),
    ['preview', 'site', '--host', '127.0.0.1', '--port', String(port)],
    {
      cwd: appRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`vitepress preview exited: ${log}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return child;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill();
  throw new Error(`vitepress preview did not answer on ${port}: ${log}`);
}

/** Problems a page reports while loading: console errors, uncaught exceptions, failed requests. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Leaving a page aborts the router's prefetches of linked pages: that is not a failed request.
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/**
 * Waits until the app has mounted (Vue marks its container) and every live widget on the page has a
 * result or shows an error: a router widget its `data-result`, a controller chart its SVG.
 */
async function waitForPage(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (document.querySelector('#app') as { __vue_app__?: unknown } | null)?.__vue_app__ !== undefined,
  );
  await page.waitForFunction(() => {
    const settled = (element: Element): boolean =>
      element.querySelector('[role="alert"]') !== null ||
      (element.matches('.router-widget')
        ? element.getAttribute('data-result') !== ''
        : element.querySelector('svg') !== null);
    return [...document.querySelectorAll('.router-widget, .controller-chart')].every(settled);
  });
}

/** The generated TypeDoc pages: checked over HTTP, a sample of them in Chromium. */
const isApiPath = (path: string): boolean => path.startsWith('/api/');
/** Links into the API reference met by the browser crawl: the seeds of the HTTP check. */
const apiLinks = new Set<string>();
/** One browser context for the crawls (pages reuse it: no per-page context start-up). */
let crawlContext: BrowserContext;

/** Every `*.html` file under `root`, relative to it with `/` separators. */
function listHtmlPages(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .map((file) => file.split(sep).join('/'));
}

/** The URL VitePress links for a page file: `x/index.html` is `x/`. */
const cleanPath = (path: string): string => path.replace(/(^|\/)index\.html$/, '$1');

/**
 * Loads `seeds` and every page they link to for which `follow` holds, three tabs at once in the shared
 * context, and fails the test on any page that does not load with status 200, shows the 404 page or an
 * error alert, logs a console error, throws, or has a failed request. Returns every same-origin path met
 * (loaded or only linked); links into the API reference are also collected in `apiLinks`.
 */
async function crawlInChromium(
  seeds: readonly string[],
  follow: (path: string) => boolean,
): Promise<Set<string>> {
  const seen = new Set<string>(seeds);
  const queue = [...seeds];
  const failures: string[] = [];
  let active = 0;
  const worker = async (): Promise<void> => {
    const page = await crawlContext.newPage();
    const problems = watchProblems(page);
    while (queue.length > 0 || active > 0) {
      const path = queue.shift();
      if (path === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        continue;
      }
      active++;
      problems.length = 0;
      const response = await page.goto(`${origin}${path}`, { waitUntil: 'domcontentloaded' });
      if (response?.status() !== 200) failures.push(`${path}: HTTP ${response?.status()}`);
      await waitForPage(page);
      const alerts = await page.locator('[role="alert"]').allTextContents();
      failures.push(...alerts.map((alert) => `${path}: the page shows an error: ${alert}`));
      // The preview server answers unknown paths with the 404 page: a broken link shows as its title.
      if ((await page.title()).startsWith('404')) failures.push(`${path}: not found`);
      const links = await page.$$eval('a[href]', (anchors) =>
        anchors.map((anchor) => (anchor as HTMLAnchorElement).href),
      );
      for (const link of links) {
        const url = new URL(link);
        if (url.origin !== origin) continue;
        if (isApiPath(url.pathname)) apiLinks.add(url.pathname);
        if (seen.has(url.pathname)) continue;
        seen.add(url.pathname);
        if (follow(url.pathname)) queue.push(url.pathname);
      }
      failures.push(...problems.map((problem) => `${path}: ${problem}`));
      active--;
    }
    await page.close();
  };
  // Each worker waits while another may still add links.
  await Promise.all([worker(), worker(), worker()]);
  expect(failures).toEqual([]);
  return seen;
}

beforeAll(async () => {
  if (!existsSync(join(distRoot, 'index.html')))
    throw new Error('apps/docs is not built: run `pnpm --filter docs build` first (scripts/test.sh does)');
  if (!existsSync(chromiumPath)) throw new Error(`no chromium at ${chromiumPath} (apt-get install chromium)`);
  mkdirSync(outputRoot, { recursive: true });
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = await startPreview(port);
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  crawlContext = await browser.newContext();
}, 60_000);

afterAll(async () => {
  await crawlContext?.close();
  await browser?.close();
  server?.kill();
});

describe('docs site', () => {
  it('loads every guide, family, loss and tool page in Chromium without a console error or failed request', async () => {
    const seen = await crawlInChromium(['/'], (path) => !isApiPath(path));
    // Every routing family, loss page, guide and the API reference is reachable from the home page.
    for (const path of [
      '/families/top-p.html',
      '/families/expert-choice.html',
      '/families/uni-moe-2.html',
      '/losses/remoe.html',
      '/guide/errors.html',
      '/guide/checkpoints.html',
      '/guide/architecture.html',
      '/guide/kernels.html',
      '/guide/algorithms.html',
      '/playground.html',
      '/benchmarks.html',
      '/api/',
    ])
      expect(seen).toContain(path);
    writeFileSync(join(outputRoot, 'crawled-pages.txt'), `${[...seen].sort().join('\n')}\n`);
  }, 300_000);

  it('serves every API page with all its links and assets resolving (HTTP), and a sample renders in Chromium', async () => {
    expect(apiLinks.size, 'the browser crawl found no link into the API reference').toBeGreaterThan(0);
    const crawl = await crawlStaticPages({ origin, seeds: [...apiLinks], follow: isApiPath });
    expect(crawl.failures).toEqual([]);
    // Every page TypeDoc generated is reachable (no orphan the sidebar forgot).
    const generated = listHtmlPages(join(distRoot, 'api')).map((file) => `/api/${file}`);
    const unreached = generated.filter((path) => !crawl.pages.has(path) && !crawl.pages.has(cleanPath(path)));
    expect(unreached).toEqual([]);
    expect(generated.length).toBeGreaterThan(100);
    // The same client bundle runs every page: a sample spread over the reference loads in the browser.
    const sorted = [...crawl.pages].sort();
    const sample = new Set([
      '/api/',
      ...[1, 2, 3, 4].map((part) => sorted[Math.floor((part * sorted.length) / 5)] as string),
    ]);
    await crawlInChromium([...sample], () => false);
    writeFileSync(join(outputRoot, 'api-pages.txt'), `${sorted.join('\n')}\n`);
  }, 120_000);

  it("moves a family widget's knob and matches the router computed in Node", async () => {
    const page = await crawlContext.newPage();
    await page.setViewportSize({ width: 1280, height: 1000 });
    const problems = watchProblems(page);
    await page.goto(`${origin}/families/top-p.html`);
    const widget = page.locator('.router-widget[data-family="top-p"]');
    await expect.poll(() => widget.getAttribute('data-result')).not.toBe('');
    const before = await widget.getAttribute('data-result');
    const logits = await page.$$eval('input[data-cell]', (cells) =>
      cells.map(
        (cell) =>
          [(cell as HTMLInputElement).dataset.cell, Number((cell as HTMLInputElement).value)] as const,
      ),
    );
    await page.locator('input[data-knob="p"]').evaluate((input: HTMLInputElement) => {
      input.value = '0.9';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect.poll(() => widget.getAttribute('data-result')).not.toBe(before);
    const after = JSON.parse((await widget.getAttribute('data-result')) as string) as {
      kCount: number[];
      slots: { expert: number; weight: number }[][];
    };
    await page.screenshot({ path: join(outputRoot, 'family-top-p.png'), fullPage: false });

    // The same router in Node, on the logits the page shows.
    const tokens = 3;
    const experts = 6;
    const values = new Float64Array(tokens * experts);
    for (const [cell, value] of logits) {
      const [token, column] = (cell as string).split(',').map(Number) as [number, number];
      if (column < experts) values[token * experts + column] = value;
    }
    const { result } = routeReference(topP({ numExperts: experts, p: 0.9 }).spec(), {
      tokens,
      logits: values,
    });
    expect(after.kCount).toEqual(Array.from(result.kCount));
    const expected = Array.from({ length: tokens }, (_, token) => {
      const slots = [];
      for (let slot = 0; slot < result.kMax; slot++) {
        const expert = result.slotExpert[token * result.kMax + slot] as number;
        if (expert >= 0)
          slots.push({ expert, weight: result.slotWeight[token * result.kMax + slot] as number });
      }
      return slots;
    });
    // Same experts exactly; the weights within float64 rounding (the page's V8 may round exp() differently).
    expect(after.slots.map((slots) => slots.map((slot) => slot.expert))).toEqual(
      expected.map((slots) => slots.map((slot) => slot.expert)),
    );
    const expectedWeights = expected.flat().map((slot) => slot.weight);
    for (const [index, slot] of after.slots.flat().entries())
      expect(slot.weight).toBeCloseTo(expectedWeights[index] as number, 12);
    expect(after.kCount).not.toEqual(JSON.parse(before as string).kCount);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it("computes the Uni-MoE-2.0 widget like uniMoE2 in Node: null picks and the shared experts' weights", async () => {
    const page = await crawlContext.newPage();
    const problems = watchProblems(page);
    await page.goto(`${origin}/families/uni-moe-2.html`);
    const widget = page.locator('.router-widget[data-family="uni-moe-2"]');
    await expect.poll(() => widget.getAttribute('data-result')).not.toBe('');
    const shown = JSON.parse((await widget.getAttribute('data-result')) as string) as {
      kCount: number[];
      slots: { expert: number; weight: number }[][];
      sharedWeight: number[];
    };
    const cells = await page.$$eval('input[data-cell]', (inputs) =>
      inputs.map(
        (input) =>
          [(input as HTMLInputElement).dataset.cell, Number((input as HTMLInputElement).value)] as const,
      ),
    );
    // The widget's defaults: 6 routed, 1 null, 2 shared experts, p = 0.7, window eps 0.01, no capacity.
    const [tokens, columns] = [3, 6 + 1 + 2];
    const logits = new Float64Array(tokens * columns);
    for (const [cell, value] of cells) {
      const [token, column] = (cell as string).split(',').map(Number) as [number, number];
      if (column < columns) logits[token * columns + column] = value;
    }
    const router = uniMoE2({
      numExperts: 6,
      nullExperts: 1,
      sharedExperts: 2,
      p: 0.7,
      windowEps: 0.01,
      minCapacity: 1,
    });
    const { result } = routeReference(router.spec(), { tokens, logits });
    expect(shown.kCount).toEqual(Array.from(result.kCount));
    const slots = Array.from({ length: tokens }, (_, token) =>
      Array.from({ length: result.kMax }, (_, slot) => ({
        expert: result.slotExpert[token * result.kMax + slot]!,
        weight: result.slotWeight[token * result.kMax + slot]!,
      })).filter((slot) => slot.expert >= 0),
    );
    expect(shown.slots.map((row) => row.map((slot) => slot.expert))).toEqual(
      slots.map((row) => row.map((slot) => slot.expert)),
    );
    for (const [index, slot] of shown.slots.flat().entries())
      expect(slot.weight).toBeCloseTo(slots.flat()[index]!.weight, 12);
    expect(result.sharedWeight).toBeDefined();
    expect(shown.sharedWeight).toHaveLength(tokens * 2);
    for (const [index, weight] of shown.sharedWeight.entries())
      expect(weight).toBeCloseTo(result.sharedWeight![index]!, 12);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  async function runPlayground(
    context: BrowserContext,
    expectedBackend: string,
    screenshot?: string,
  ): Promise<void> {
    const page = await context.newPage();
    const problems = watchProblems(page);
    const scripts = new Set<string>();
    page.on('response', (response) => {
      if (response.url().endsWith('.js')) scripts.add(new URL(response.url()).pathname);
    });
    await page.goto(`${origin}/playground.html`);
    const playground = page.locator('.playground');
    await expect
      .poll(() => playground.getAttribute('data-state'), { timeout: 240_000, interval: 500 })
      .toMatch(/done|error/);
    expect(
      await page.locator('.playground .error').count(),
      (await page.locator('.playground').textContent()) ?? '',
    ).toBe(0);
    expect(await playground.getAttribute('data-backend')).toBe(expectedBackend);
    const text = await page.locator('.playground textarea').inputValue();
    const bytes = page.locator('.playground .byte');
    expect(await bytes.count()).toBe(new TextEncoder().encode(text).length);
    const coloured = await bytes.evaluateAll(
      (spans) => spans.filter((span) => getComputedStyle(span).backgroundColor !== 'rgba(0, 0, 0, 0)').length,
    );
    expect(coloured).toBeGreaterThan(0.9 * text.length);
    const meanK = Number(await page.getByTestId('mean-k').textContent());
    expect(meanK).toBeGreaterThanOrEqual(1);
    expect(meanK).toBeLessThanOrEqual(8);
    if (screenshot) await page.screenshot({ path: join(outputRoot, screenshot), fullPage: true });
    expect(problems).toEqual([]);
    // Page weight: every script the playground loaded, gzipped (the checkpoint is not a script).
    let gzipped = 0;
    for (const path of scripts) gzipped += gzipSync(readFileSync(join(distRoot, path))).length;
    writeFileSync(
      join(outputRoot, `playground-js-${expectedBackend}.json`),
      JSON.stringify({ scripts: [...scripts], gzipped }, null, 2),
    );
    expect(gzipped).toBeLessThan(250_000);
    await page.close();
  }

  it('runs the trained checkpoint on WebGPU (SwiftShader) and colours the text', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await runPlayground(context, 'webgpu', 'playground.png');
    await context.close();
  }, 300_000);

  it('runs the trained checkpoint on the CPU fallback when the browser has no WebGPU', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
    });
    await runPlayground(context, 'reference');
    await context.close();
  }, 300_000);

  it('screenshots the home page', async () => {
    const page = await crawlContext.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const problems = watchProblems(page);
    await page.goto(`${origin}/`);
    await page.screenshot({ path: join(outputRoot, 'home.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
