/**
 * The documentation site, built (`pnpm --filter docs build`, run by scripts/test.sh before vitest) and
 * served by `vitepress preview` on 127.0.0.1, crawled in Debian's Chromium through playwright-core:
 * - every page reachable from the home page loads without a console error or a failed request, every live
 *   widget on it computes without showing an error, and no internal link is broken;
 * - a family widget's result changes when a knob moves and equals the router's result computed here;
 * - the playground colours real text on WebGPU (SwiftShader) and on the CPU fallback (a browser
 *   context without `navigator.gpu`);
 * - the playground's JavaScript stays under 250 kB gzipped;
 * - screenshots of the home page, a family page and the playground go to `apps/docs/test-output/`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { routeReference } from '@anyk/core';
import { topP } from '@anyk/routers/top-p';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

beforeAll(async () => {
  if (!existsSync(join(distRoot, 'index.html')))
    throw new Error('apps/docs is not built: run `pnpm --filter docs build` first (scripts/test.sh does)');
  if (!existsSync(chromiumPath)) throw new Error(`no chromium at ${chromiumPath} (apt-get install chromium)`);
  mkdirSync(outputRoot, { recursive: true });
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = await startPreview(port);
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.kill();
});

describe('docs site', () => {
  it('loads every page without a console error or failed request, and no internal link is broken', async () => {
    const context = await browser.newContext();
    const seen = new Set<string>(['/']);
    const queue = ['/'];
    const failures: string[] = [];
    let active = 0;
    const worker = async (): Promise<void> => {
      const page = await context.newPage();
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
          if (url.origin !== origin || seen.has(url.pathname)) continue;
          seen.add(url.pathname);
          queue.push(url.pathname);
        }
        failures.push(...problems.map((problem) => `${path}: ${problem}`));
        active--;
      }
      await page.close();
    };
    // Three pages crawl at once; each waits while another may still add links.
    await Promise.all([worker(), worker(), worker()]);
    expect(seen.size).toBeGreaterThan(1);
    await context.close();
    expect(failures).toEqual([]);
    // Every routing family, loss page, guide and API module is reachable from the home page.
    for (const path of [
      '/families/top-p.html',
      '/families/expert-choice.html',
      '/losses/remoe.html',
      '/guide/errors.html',
      '/playground.html',
      '/benchmarks.html',
      '/api/',
    ])
      expect(seen).toContain(path);
    writeFileSync(join(outputRoot, 'crawled-pages.txt'), `${[...seen].sort().join('\n')}\n`);
  }, 600_000);

  it("moves a family widget's knob and matches the router computed in Node", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
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
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchProblems(page);
    await page.goto(`${origin}/`);
    await page.screenshot({ path: join(outputRoot, 'home.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
