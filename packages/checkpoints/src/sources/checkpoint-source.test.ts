import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFromDirectory } from '../node/directory-source.ts';
import { loadCheckpoint } from '../open-checkpoint.ts';
import { hfFixturesDirectory } from '../testing/hf-fixtures.ts';
import { sourceFromFiles, sourceFromReader, sourceFromUrl } from './checkpoint-source.ts';

const caseDirectory = join(hfFixturesDirectory(), 'deepseek_v3', 'e8-g4-k2-sharded');
const names = [
  'config.json',
  'model.safetensors.index.json',
  'model-00001-of-00002.safetensors',
  'model-00002-of-00002.safetensors',
];

/** A fake server over the case folder: answers HEAD with content-length, honours Range when asked to. */
function fakeFetch(honourRange: boolean, log: string[]): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const name = decodeURIComponent(new URL(String(input)).pathname.split('/').pop() as string);
    if (!names.includes(name)) return new Response(null, { status: 404 });
    const bytes = readFileSync(join(caseDirectory, name));
    if (init?.method === 'HEAD')
      return new Response(null, { status: 200, headers: { 'content-length': String(bytes.length) } });
    const range = new Headers(init?.headers).get('Range');
    log.push(range ?? 'whole');
    if (honourRange && range) {
      const [begin, end] = (range.match(/bytes=(\d+)-(\d+)/) as RegExpMatchArray).slice(1).map(Number) as [
        number,
        number,
      ];
      return new Response(bytes.subarray(begin, end + 1), { status: 206 });
    }
    return new Response(bytes, { status: 200 });
  }) as typeof fetch;
}

async function routerOfLayer2(source: Parameters<typeof loadCheckpoint>[0]): Promise<Float32Array> {
  const { layers } = await loadCheckpoint(source);
  const layer = layers[2];
  if (layer?.kind !== 'moe') throw new Error('layer 2 should be MoE');
  return layer.layer.weights.router as Float32Array;
}

describe('checkpoint sources load the same sharded checkpoint', () => {
  it('folder, in-memory buffers, Blobs, a reader and a URL (with and without Range support) agree', async () => {
    const expected = await routerOfLayer2(sourceFromDirectory(caseDirectory));
    const buffers = Object.fromEntries(names.map((name) => [name, readFileSync(join(caseDirectory, name))]));
    expect(await routerOfLayer2(sourceFromFiles(buffers))).toEqual(expected);
    const blobs = names.map((name) => new File([readFileSync(join(caseDirectory, name))], name));
    expect(await routerOfLayer2(sourceFromFiles(blobs))).toEqual(expected);
    expect(
      await routerOfLayer2(
        sourceFromReader(async (name) => (names.includes(name) ? buffers[name] : undefined)),
      ),
    ).toEqual(expected);
    const rangeLog: string[] = [];
    expect(
      await routerOfLayer2(
        sourceFromUrl('https://example.test/model/', { fetch: fakeFetch(true, rangeLog) }),
      ),
    ).toEqual(expected);
    // Headers and tensors were read by range, never a whole shard.
    expect(rangeLog.every((entry) => entry.startsWith('bytes='))).toBe(true);
    const wholeLog: string[] = [];
    expect(
      await routerOfLayer2(
        sourceFromUrl('https://example.test/model', { fetch: fakeFetch(false, wholeLog) }),
      ),
    ).toEqual(expected);
    // A server ignoring Range sends each file once; later reads slice the cached copy.
    expect(wholeLog.length).toBe(4);
  });

  it('reports a missing file as absent and reads only the requested range from disk', async () => {
    const source = sourceFromDirectory(caseDirectory);
    expect(await source.size('model.safetensors')).toBeUndefined();
    const size = statSync(join(caseDirectory, 'config.json')).size;
    expect(await source.size('config.json')).toBe(size);
    expect((await source.read('config.json', 2, 10)).length).toBe(8);
  });
});
