import { findFixtures, loadFixtures } from '@anyk/core/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The repository's conformance fixtures, read in Node for the browser lanes (no file system there). */
    fixtures: import('@anyk/core/testing').Fixture[];
    /** Whether the lane's page is served cross-origin isolated (COOP/COEP headers). */
    crossOriginIsolated: boolean;
  }
}

/**
 * Global setup of the browser-cpu lanes: reads the fixtures where they lie (the repository's `fixtures/`,
 * or `ANYK_FIXTURES`) and provides them to the tests in the browser.
 */
export default async function provideFixtures(project: TestProject): Promise<void> {
  const directory = findFixtures(import.meta.url);
  if (!directory) throw new Error('the repository fixtures/ folder was not found (or set ANYK_FIXTURES)');
  project.provide('fixtures', await loadFixtures(directory));
}
