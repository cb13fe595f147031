import { BackendLostError } from '@anyk/core';
import type { Browser, BrowserContext } from 'playwright-core';
import type { BenchDataStore } from './bench-data-store.ts';
import { type BenchPageServer, startBenchPageServer } from './bench-page-server.ts';
import {
  type BrowserBenchPageApi,
  type BrowserCaseInfo,
  type BrowserCaseRequest,
  browserBenchGlobal,
} from './browser-case-spec.ts';
import { launchChromium } from './launch-chromium.ts';

/** How long one step of a case (preparing it, one call, disposing it) may take before it is abandoned. */
const stepTimeoutMs = 600_000;

/**
 * Chromium and the page server, opened once per suite run. Each case lives in its own page (a fresh JS realm:
 * each runtime's thread count and memory start clean) of one browser context, whose HTTP cache keeps the
 * peers' compiled WebAssembly from page to page.
 */
export interface BrowserBenchSession {
  /** Chromium's version, for the report's notes. */
  readonly browserVersion: string;
  /** Opens a fresh page and prepares `request` there; the case stays alive until `close`. */
  openCase(request: BrowserCaseRequest): Promise<BrowserCaseHandle>;
  close(): Promise<void>;
}

/** A case prepared in its own page. */
export interface BrowserCaseHandle {
  readonly info: BrowserCaseInfo;
  /** One call in the page, timed by the page's clock: its milliseconds. */
  runOnce(): Promise<number>;
  /** Disposes the case and closes its page. */
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
    openCase: (request) => openCaseInFreshPage(context, server, request),
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

async function openCaseInFreshPage(
  context: BrowserContext,
  server: BenchPageServer,
  request: BrowserCaseRequest,
): Promise<BrowserCaseHandle> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  /** A step under the step timeout; the page's own errors join a failure's message. */
  const step = async <T>(evaluation: Promise<T>): Promise<T> => {
    try {
      return await withTimeout(evaluation, stepTimeoutMs);
    } catch (error) {
      throw withPageErrors(error, pageErrors);
    }
  };
  type Api = Record<string, BrowserBenchPageApi>;
  const name = browserBenchGlobal;
  try {
    await page.goto(server.url);
    await page.waitForFunction((global) => global in globalThis, name, { timeout: 60_000 });
    const info = await step(
      page.evaluate(
        ({ global, caseRequest }) => (globalThis as unknown as Api)[global]!.prepare(caseRequest),
        { global: name, caseRequest: request },
      ),
    );
    return {
      info,
      runOnce: () => step(page.evaluate((global) => (globalThis as unknown as Api)[global]!.runOnce(), name)),
      async close() {
        try {
          await step(page.evaluate((global) => (globalThis as unknown as Api)[global]!.dispose(), name));
        } finally {
          await page.close();
        }
      },
    };
  } catch (error) {
    await page.close();
    throw withPageErrors(error, pageErrors);
  }
}

/** `promise`, or a `BackendLostError` once `milliseconds` pass (a page that hangs never hangs the suite). */
async function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BackendLostError('browser page', `a step ran longer than ${milliseconds} ms`)),
      milliseconds,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The page's own errors (a module that failed to load, a worker that died) say more than a timeout. */
function withPageErrors(error: unknown, pageErrors: readonly string[]): unknown {
  if (pageErrors.length > 0 && error instanceof Error) {
    error.message = `${error.message.split('\n')[0]} (page: ${pageErrors.slice(0, 3).join(' | ')})`;
  }
  return error;
}
