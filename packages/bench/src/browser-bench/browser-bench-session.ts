import { BackendLostError } from '@anyk/core';
import type { Browser, BrowserContext } from 'playwright-core';
import type { BenchDataStore } from './bench-data-store.ts';
import { type BenchPageServer, startBenchPageServer } from './bench-page-server.ts';
import {
  type BrowserBenchPageApi,
  type BrowserCaseRequest,
  type BrowserCaseResult,
  browserBenchGlobal,
} from './browser-case-spec.ts';
import { launchChromium } from './launch-chromium.ts';

/** How long one case may take in the page (setup, warm-up and timed runs) before it is abandoned. */
const caseTimeoutMs = 600_000;

/**
 * Chromium and the page server, opened once per suite run. Each case runs in a fresh page (a fresh JS realm:
 * each runtime's thread count and memory start clean) of one browser context, whose HTTP cache keeps the
 * peers' compiled WebAssembly from page to page.
 */
export interface BrowserBenchSession {
  /** Chromium's version, for the report's notes. */
  readonly browserVersion: string;
  /** Opens a fresh page, runs `request` there and closes it. */
  runCase(request: BrowserCaseRequest): Promise<BrowserCaseResult>;
  close(): Promise<void>;
}

/** Starts the page server over `data` and launches Chromium (`launchChromium`'s typed errors when it cannot). */
export async function openBrowserBenchSession(data: BenchDataStore): Promise<BrowserBenchSession> {
  const server = await startBenchPageServer(data);
  let browser: Browser;
  let context: BrowserContext;
  try {
    browser = await launchChromium();
    context = await browser.newContext();
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    browserVersion: browser.version(),
    runCase: (request) => runCaseInFreshPage(context, server, request),
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

async function runCaseInFreshPage(
  context: BrowserContext,
  server: BenchPageServer,
  request: BrowserCaseRequest,
): Promise<BrowserCaseResult> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  try {
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(server.url);
    await page.waitForFunction((name) => name in globalThis, browserBenchGlobal, { timeout: 60_000 });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new BackendLostError('browser page', `a case ran longer than ${caseTimeoutMs} ms`)),
        caseTimeoutMs,
      );
    });
    try {
      return await Promise.race([
        page.evaluate(
          ({ name, caseRequest }) =>
            ((globalThis as unknown as Record<string, BrowserBenchPageApi>)[name] as BrowserBenchPageApi).run(
              caseRequest,
            ),
          { name: browserBenchGlobal, caseRequest: request },
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  } catch (error) {
    // The page's own errors (a module that failed to load, a worker that died) say more than a timeout.
    if (pageErrors.length > 0 && error instanceof Error) {
      error.message = `${error.message.split('\n')[0]} (page: ${pageErrors.slice(0, 3).join(' | ')})`;
    }
    throw error;
  } finally {
    await page.close();
  }
}
