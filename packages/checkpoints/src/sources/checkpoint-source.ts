import { InvalidArgumentError } from '@anyk/core';

/**
 * Where a checkpoint's files come from: a folder (Node, `@anyk/checkpoints/node`), in-memory buffers,
 * browser `File`s, a URL, or any reader. Files are addressed by their name inside the checkpoint folder
 * (`config.json`, `model-00001-of-00002.safetensors`, ...). Byte ranges let a loader read headers first
 * and each tensor on demand, never the whole checkpoint at once.
 */
export interface CheckpointSource {
  /** Where the files are, for messages (a path, a URL, "memory"). */
  readonly description: string;
  /** Size in bytes of file `name`, or `undefined` when the source has no such file. */
  size(name: string): Promise<number | undefined>;
  /** Bytes `[begin, end)` of file `name` (a fresh array the caller may keep). */
  read(name: string, begin: number, end: number): Promise<Uint8Array>;
}

/** A file's bytes as the in-memory and reader sources accept them. */
export type FileBytes = ArrayBuffer | Uint8Array | Blob;

/** Files held in memory or as `Blob`/`File` (browser file pickers, drag and drop), by name. */
export function sourceFromFiles(
  files: Readonly<Record<string, FileBytes>> | Iterable<File>,
  description = 'memory',
): CheckpointSource {
  const byName = new Map<string, FileBytes>(
    Symbol.iterator in files
      ? Array.from(files as Iterable<File>, (file) => [file.name, file] as const)
      : Object.entries(files as Record<string, FileBytes>),
  );
  return {
    description,
    size: async (name) => {
      const file = byName.get(name);
      return file === undefined ? undefined : byteSize(file);
    },
    read: async (name, begin, end) => {
      const file = byName.get(name);
      if (file === undefined) throw new InvalidArgumentError('name', `a file of ${description}`, name);
      return readRange(file, begin, end);
    },
  };
}

/**
 * Files returned whole by `reader(name)` (`undefined` = no such file), fetched once and kept. Simplest to
 * plug in anything (IndexedDB, a zip); for large checkpoints prefer a source that reads ranges.
 */
export function sourceFromReader(
  reader: (name: string) => Promise<FileBytes | undefined>,
  description = 'reader',
): CheckpointSource {
  const cache = new Map<string, Promise<FileBytes | undefined>>();
  const load = (name: string): Promise<FileBytes | undefined> => {
    let pending = cache.get(name);
    if (!pending) {
      pending = reader(name);
      cache.set(name, pending);
    }
    return pending;
  };
  return {
    description,
    size: async (name) => {
      const file = await load(name);
      return file === undefined ? undefined : byteSize(file);
    },
    read: async (name, begin, end) => {
      const file = await load(name);
      if (file === undefined) throw new InvalidArgumentError('name', `a file of ${description}`, name);
      return readRange(file, begin, end);
    },
  };
}

/**
 * Files under a base URL (a Hub `resolve/main/` folder, a static server), read with HTTP `Range`
 * requests; a server that ignores `Range` (answers 200) is read whole once and sliced. `fetch` defaults
 * to the global one.
 */
export function sourceFromUrl(
  baseUrl: string | URL,
  options: { readonly fetch?: typeof fetch; readonly init?: RequestInit } = {},
): CheckpointSource {
  const base = new URL(baseUrl.toString().endsWith('/') ? baseUrl.toString() : `${baseUrl}/`);
  const fetchFile = options.fetch ?? globalThis.fetch;
  const whole = new Map<string, Promise<Uint8Array>>();
  const sizes = new Map<string, Promise<number | undefined>>();
  const url = (name: string) => new URL(name, base).toString();
  const wholeFile = (name: string): Promise<Uint8Array> => {
    let pending = whole.get(name);
    if (!pending) {
      pending = fetchFile(url(name), options.init).then(async (response) => {
        if (!response.ok) throw new InvalidArgumentError('name', `a file under ${base}`, name);
        return new Uint8Array(await response.arrayBuffer());
      });
      whole.set(name, pending);
    }
    return pending;
  };
  return {
    description: base.toString(),
    size: (name) => {
      let pending = sizes.get(name);
      if (!pending) {
        pending = fetchFile(url(name), { ...options.init, method: 'HEAD' }).then(async (response) => {
          if (response.status === 404) return undefined;
          const length = response.headers.get('content-length');
          if (response.ok && length !== null) return Number(length);
          return response.ok ? (await wholeFile(name)).length : undefined;
        });
        sizes.set(name, pending);
      }
      return pending;
    },
    read: async (name, begin, end) => {
      if (end <= begin) return new Uint8Array(0);
      const cached = whole.get(name);
      if (cached) return (await cached).slice(begin, end);
      const headers = new Headers(options.init?.headers);
      headers.set('Range', `bytes=${begin}-${end - 1}`);
      const response = await fetchFile(url(name), { ...options.init, headers });
      if (response.status === 206) return new Uint8Array(await response.arrayBuffer());
      if (!response.ok) throw new InvalidArgumentError('name', `a file under ${base}`, name);
      const bytes = new Uint8Array(await response.arrayBuffer());
      whole.set(name, Promise.resolve(bytes));
      return bytes.slice(begin, end);
    },
  };
}

function byteSize(file: FileBytes): number {
  return file instanceof Blob ? file.size : file.byteLength;
}

async function readRange(file: FileBytes, begin: number, end: number): Promise<Uint8Array> {
  const stop = Math.min(end, byteSize(file));
  if (file instanceof Blob) return new Uint8Array(await file.slice(begin, stop).arrayBuffer());
  const bytes = file instanceof Uint8Array ? file : new Uint8Array(file);
  // Uint8Array's slice copies (a Node Buffer's own `slice` would return a view).
  return Uint8Array.prototype.slice.call(bytes, begin, stop);
}
