// Opens the built browser example in headless Chromium twice and prints one JSON line per page:
//   node check-browser-app.mjs <url>
// 1. "webgpu": WebGPU on SwiftShader (the flags of the repo's webgpu-chromium lane);
// 2. "fallback": the same browser with `navigator.gpu` removed by an init script before the page runs,
//    as in a browser without WebGPU, so the app must fall back to the reference backend.
import { chromium } from 'playwright-core';

const url = process.argv[2];
const executablePath = process.env.ANYK_CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function openPage(browser, withoutWebGpu) {
  const context = await browser.newContext();
  if (withoutWebGpu) {
    await context.addInitScript(() => {
      delete Navigator.prototype.gpu;
    });
  }
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(message.text()));
  page.on('pageerror', (error) => consoleLines.push(String(error)));
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('#status')?.textContent !== 'running…', null, {
    timeout: 120_000,
  });
  const status = await page.textContent('#status');
  const text = await page.textContent('#result');
  await context.close();
  if (status !== 'done') throw new Error(`page says ${status}: ${text}\n${consoleLines.join('\n')}`);
  return JSON.parse(text ?? '{}');
}

const browser = await chromium.launch({ executablePath, args, headless: true });
try {
  for (const [name, withoutWebGpu] of [
    ['webgpu', false],
    ['fallback', true],
  ]) {
    const outcome = await openPage(browser, withoutWebGpu);
    console.log(JSON.stringify({ page: name, ...outcome }));
  }
} finally {
  await browser.close();
}
