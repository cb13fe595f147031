/**
 * Rebuilds the two stored difficulty-task files of `packages/train/data` (data/README.md says where their
 * sources come from): `words.txt.gz`, every 5th word of Debian's `wamerican` list shuffled with seed 19,
 * and `python-code.txt.gz`, ten modules of Debian's `libpython3.11-stdlib` concatenated. The other two
 * tasks need no file: the KJV prose is `kjv.txt.gz` and the arithmetic is generated at run time.
 *
 * node --conditions=@anyk/source packages/train/scripts/build-task-data.ts \
 *   /usr/share/dict/american-english /usr/lib/python3.11
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SeededRandom } from '../src/random/seeded-random.ts';

const wordListSeed = 19;
const pythonModules = [
  'textwrap.py',
  'string.py',
  'heapq.py',
  'bisect.py',
  'fractions.py',
  'statistics.py',
  'colorsys.py',
  'shlex.py',
  'calendar.py',
  'graphlib.py',
];

const [wordListPath, pythonLibraryDir] = process.argv.slice(2);
if (!wordListPath || !pythonLibraryDir) {
  console.error('usage: build-task-data.ts <american-english word list> <python3.11 library dir>');
  process.exit(2);
}
const dataDir = new URL('../data/', import.meta.url);

const words = readFileSync(wordListPath, 'utf8')
  .split('\n')
  .filter((word, index) => word.length > 0 && index % 5 === 0);
const random = new SeededRandom(wordListSeed);
for (let index = words.length - 1; index > 0; index--) {
  const other = random.nextInt(index + 1);
  [words[index], words[other]] = [words[other]!, words[index]!];
}
writeFileSync(new URL('words.txt.gz', dataDir), gzipSync(`${words.join('\n')}\n`, { level: 9 }));

const code = pythonModules.map((name) => readFileSync(join(pythonLibraryDir, name), 'utf8')).join('\n');
writeFileSync(new URL('python-code.txt.gz', dataDir), gzipSync(code, { level: 9 }));
console.log(`${words.length} words, ${code.length} bytes of Python`);
