// Small measurements for scripts/release-e2e.sh, each printed as one number:
//   node measure.mjs gzip-js <dist-folder>      total gzipped bytes of the .js files under the folder
//   node measure.mjs free-port                  a free TCP port on 127.0.0.1
//   node measure.mjs wait-for <url>             waits up to 30 s for the URL to answer 2xx (exit 1 if not)
//   node measure.mjs add-user <registry> <name> a throwaway user on the registry; prints its token
// (HTTP through Node, so the script needs no curl on the CI machine.)
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const [command, argument] = process.argv.slice(2);
if (command === 'gzip-js') {
  let total = 0;
  for (const entry of readdirSync(argument, { recursive: true })) {
    if (String(entry).endsWith('.js'))
      total += gzipSync(readFileSync(join(argument, String(entry))), { level: 9 }).length;
  }
  console.log(total);
} else if (command === 'free-port') {
  const server = createServer().listen(0, '127.0.0.1', () => {
    console.log(server.address().port);
    server.close();
  });
} else if (command === 'wait-for') {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(argument).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) process.exit(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
} else if (command === 'add-user') {
  const name = process.argv[4];
  const password = `throwaway-${Math.random().toString(36).slice(2)}`;
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, argument), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const body = await response.json();
  if (!response.ok || typeof body.token !== 'string')
    throw new Error(`add-user: ${response.status} ${JSON.stringify(body)}`);
  console.log(body.token);
} else {
  throw new Error(`unknown command ${command}`);
}
