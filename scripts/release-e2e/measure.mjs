// Small measurements for scripts/release-e2e.sh, each printed as one number:
//   node measure.mjs gzip-js <dist-folder>      total gzipped bytes of the .js files under the folder
//   node measure.mjs free-port                  a free TCP port on 127.0.0.1
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
} else {
  throw new Error(`unknown command ${command}`);
}
