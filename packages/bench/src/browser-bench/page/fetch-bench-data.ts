import { BackendUnavailableError } from '@anyk/core';
import { benchDataPrefix } from '../browser-case-spec.ts';

/** The bytes Node serves under `name` (see `benchDataNames`). */
export async function fetchBenchBytes(name: string): Promise<Uint8Array> {
  const response = await fetch(`${benchDataPrefix}${name}`);
  if (!response.ok) {
    throw new BackendUnavailableError('browser-bench page', `GET ${name} answered ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** A float32 tensor Node serves under `name`. */
export async function fetchFloat32(name: string): Promise<Float32Array> {
  const bytes = await fetchBenchBytes(name);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}
