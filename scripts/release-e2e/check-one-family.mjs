// Checks that an unminified bundle importing one router family holds no other family's factory:
//   node check-one-family.mjs <assets-folder> <public-exports.json> <family>
// The factories are the value exports of each `@anyk/routers/<family>` subpath in the export snapshot.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [assets, snapshotFile, family] = process.argv.slice(2);
const bundle = readdirSync(assets)
  .filter((name) => name.endsWith('.js'))
  .map((name) => readFileSync(join(assets, name), 'utf8'))
  .join('\n');
// Every subpath but the root and `./diagnostics` (routing read-backs, not a family) is one family.
const routers = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(snapshotFile, 'utf8'))['@anyk/routers']).filter(
    ([subpath]) => subpath !== '.' && subpath !== './diagnostics',
  ),
);
// A declaration of the factory (a property or WGSL name that merely matches is not one).
const contains = (name) =>
  new RegExp(`(function\\s+${name}\\s*\\(|(const|let|var)\\s+${name}\\s*=)`).test(bundle);
const problems = [];
for (const [subpath, names] of Object.entries(routers)) {
  for (const name of names.filter((exported) => !exported.startsWith('type '))) {
    const wanted = subpath === `./${family}`;
    if (wanted && !contains(name)) problems.push(`${name} (${subpath}) is missing from the bundle`);
    if (!wanted && contains(name)) problems.push(`${name} (${subpath}) is in the bundle`);
  }
}
console.log(
  problems.length === 0
    ? `only ${family} among ${Object.keys(routers).length} families`
    : problems.join('\n'),
);
process.exit(problems.length === 0 ? 0 : 1);
