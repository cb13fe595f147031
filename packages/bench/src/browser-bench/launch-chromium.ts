import { existsSync } from 'node:fs';
import { BackendUnavailableError } from '@anyk/core';
import type { Browser } from 'playwright-core';
import { quietChromiumArgs } from './chromium-args.ts';
import { importOptionalPackage } from './import-optional-package.ts';

/** Debian's Chromium, the browser the bench and the chromium test lanes use unless told otherwise. */
export const defaultChromiumPath = '/usr/bin/chromium';

/** `ANYK_CHROMIUM_PATH`, or Debian's Chromium. */
export function chromiumPath(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return environment.ANYK_CHROMIUM_PATH || defaultChromiumPath;
}

/**
 * Headless Chromium through playwright-core, quiet (no background networking, no component updates: the
 * bench must not touch the network).
 *
 * @throws {BackendUnavailableError} (rejects) when there is no executable at `path` or playwright-core is
 *   missing
 */
export async function launchChromium(path: string = chromiumPath()): Promise<Browser> {
  if (!existsSync(path)) {
    throw new BackendUnavailableError(
      'chromium',
      `no Chromium executable at ${path} (install Debian's chromium package, or set ANYK_CHROMIUM_PATH)`,
    );
  }
  const { chromium } = await importOptionalPackage('playwright-core', () => import('playwright-core'));
  return chromium.launch({
    executablePath: path,
    headless: true,
    args: [...quietChromiumArgs],
  });
}
