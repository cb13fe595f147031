// Judges the JSON lines of check-browser-app.mjs: prints `ok <what>` or `FAILED <what>` for each page named
// on the command line (a page missing from the log fails), for scripts/release-e2e.sh to count:
//   node browser-verdicts.mjs <log> <page> ...
// The pages and what each must show:
//   webgpu        examples/browser-app on WebGPU, equal to the reference;
//   fallback      examples/browser-app without navigator.gpu: the reference backend, after a typed
//                 `backend-unavailable` error from the WebGPU backend;
//   cpu-isolated  examples/browser-cpu-app on a cross-origin isolated page: two kernel threads, no
//                 fallback, `y` within the page's tolerance of the reference;
//   cpu-plain     the same app without the isolation headers: one worker, a `threadFallback` saying the
//                 page is not cross-origin isolated, `y` within tolerance.
import { readFileSync } from 'node:fs';

const [logFile, ...names] = process.argv.slice(2);
const lines = readFileSync(logFile, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

/** Each page's verdict: whether it passed and what the check says. */
const judges = {
  webgpu: (page) => [
    page.backend === 'webgpu' && page.pass,
    `browser page on WebGPU equals the reference (max rel diff ${page.maxDifference})`,
  ],
  fallback: (page) => [
    page.backend === 'reference' &&
      page.pass &&
      page.fallbacks[0]?.name === 'webgpu' &&
      page.fallbacks[0]?.code === 'backend-unavailable',
    `browser page without navigator.gpu falls back to the reference (${page.fallbacks[0]?.reason})`,
  ],
  'cpu-isolated': (page) => [
    page.backend === 'browser-cpu' &&
      page.crossOriginIsolated === true &&
      page.threads === 2 &&
      page.threadFallback === null &&
      page.pass,
    `browser CPU page with COOP/COEP runs ${page.threads} kernel threads, no fallback, y within ` +
      `${page.tolerance} of the reference (max rel diff ${page.maxDifference})`,
  ],
  'cpu-plain': (page) => [
    page.backend === 'browser-cpu' &&
      page.crossOriginIsolated === false &&
      page.threads === 1 &&
      /not cross-origin isolated/.test(page.threadFallback ?? '') &&
      page.pass,
    `browser CPU page without COOP/COEP runs ${page.threads} worker, y within ${page.tolerance} of the ` +
      `reference (max rel diff ${page.maxDifference}); threadFallback: ${page.threadFallback}`,
  ],
};

for (const name of names) {
  const judge = judges[name];
  if (judge === undefined) throw new Error(`no verdict for page ${name}`);
  const page = lines.find((line) => line.page === name);
  const [ok, what] = page === undefined ? [false, `page ${name} reported a result`] : judge(page);
  console.log(`${ok ? 'ok' : 'FAILED'} ${what}`);
}
