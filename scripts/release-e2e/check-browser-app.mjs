// Opens built example apps in headless Chromium, one fresh context per page, and prints one JSON line per
// page (`{"page": <name>, ...the page's #result}`):
//   node check-browser-app.mjs <name>[:no-webgpu]=<url> ...
// Chromium runs with WebGPU on SwiftShader (the flags of the repo's webgpu-chromium lane). `:no-webgpu`
// removes `navigator.gpu` with an init script before the page runs, as in a browser without WebGPU.
// Each page must set `#status` to `done` (anything else but `running…` fails with its `#result`).
import { chromium } from 'playwright-core';

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

/** `name[:no-webgpu]=url` into its parts. */
function parsePage(argument) {
  const separator = argument.indexOf('=');
  if (separator < 1) throw new Error(`expected <name>[:no-webgpu]=<url>, got ${argument}`);
  const [name, option] = argument.slice(0, separator).split(':');
  if (option !== undefined && option !== 'no-webgpu') throw new Error(`unknown page option ${option}`);
  return { name, url: argument.slice(separator + 1), withoutWebGpu: option === 'no-webgpu' };
}

async function openPage(browser, { url, withoutWebGpu }) {
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
  if (status !== 'done') throw new Error(`page ${url} says ${status}: ${text}\n${consoleLines.join('\n')}`);
  return JSON.parse(text ?? '{}');
}

const pages = process.argv.slice(2).map(parsePage);
if (pages.length === 0) throw new Error('usage: node check-browser-app.mjs <name>[:no-webgpu]=<url> ...');
const browser = await chromium.launch({ executablePath, args, headless: true });
try {
  for (const page of pages) {
    const outcome = await openPage(browser, page);
    console.log(JSON.stringify({ page: page.name, ...outcome }));
  }
} finally {
  await browser.close();
}
