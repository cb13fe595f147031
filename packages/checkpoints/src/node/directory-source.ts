import { open, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CheckpointSource } from '../sources/checkpoint-source.ts';

/**
 * A checkpoint folder on disk. Reads byte ranges with positioned reads (`FileHandle.read`), so a loader
 * holds one tensor's bytes at a time, never a whole shard.
 */
export function sourceFromDirectory(directory: string): CheckpointSource {
  const root = resolve(directory);
  return {
    description: root,
    size: async (name) => {
      try {
        const info = await stat(join(root, name));
        return info.isFile() ? info.size : undefined;
      } catch {
        return undefined;
      }
    },
    read: async (name, begin, end) => {
      const handle = await open(join(root, name), 'r');
      try {
        const bytes = new Uint8Array(Math.max(0, end - begin));
        let filled = 0;
        while (filled < bytes.length) {
          const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, begin + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return filled === bytes.length ? bytes : bytes.subarray(0, filled);
      } finally {
        await handle.close();
      }
    },
  };
}
