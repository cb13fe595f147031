// Checks that a bundler saw the browser CPU backend's static worker URLs
// (`new Worker(new URL('./x.js', import.meta.url))`): each worker script is a file of its own in the build,
// and the script that starts it names that file (the page's entry chunk the host worker, the host worker
// the kernel worker).
//   node check-worker-chunks.mjs <assets-folder>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const assets = process.argv[2];
const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
const fileOf = (stem) => scripts.find((name) => name.startsWith(`${stem}-`));
const hostWorker = fileOf('browser-host-worker');
const kernelWorker = fileOf('browser-kernel-worker');
const starters = scripts.filter((name) => name !== hostWorker && name !== kernelWorker);
const names = (file, other) => file !== undefined && readFileSync(join(assets, file), 'utf8').includes(other);

const problems = [];
if (hostWorker === undefined) problems.push('no browser-host-worker-*.js file');
if (kernelWorker === undefined) problems.push('no browser-kernel-worker-*.js file');
if (hostWorker !== undefined && !starters.some((file) => names(file, hostWorker)))
  problems.push(`no page chunk (${starters.join(', ')}) names ${hostWorker}`);
if (kernelWorker !== undefined && !names(hostWorker, kernelWorker))
  problems.push(`${hostWorker} does not name ${kernelWorker}`);
console.log(
  problems.length === 0
    ? `${hostWorker} and ${kernelWorker} in ${scripts.length} scripts`
    : problems.join('\n'),
);
process.exit(problems.length === 0 ? 0 : 1);
