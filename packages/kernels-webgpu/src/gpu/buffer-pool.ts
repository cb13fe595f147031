import { toFloat32 } from '@anyk/core/internal';
import { bufferUsage } from './gpu-constants.ts';

/**
 * Reuses device buffers keyed by (rounded size, usage), so a layer called every step allocates nothing
 * after the first call (tfjs / ORT style). Sizes round up to a power-of-two bucket (at least 256 bytes), which
 * bounds the number of distinct keys while wasting at most half a buffer.
 */
export class BufferPool {
  readonly #device: GPUDevice;
  readonly #free = new Map<string, GPUBuffer[]>();
  #bytesInUse = 0;
  #bytesPooled = 0;
  #buffersCreated = 0;

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  /** A buffer of at least `byteLength` bytes (never 0: WebGPU rejects empty bindings). */
  acquire(byteLength: number, usage: number): GPUBuffer {
    const size = bucketSize(byteLength);
    const key = `${size}:${usage}`;
    const list = this.#free.get(key);
    const reused = list?.pop();
    if (reused) {
      this.#bytesPooled -= size;
      this.#bytesInUse += size;
      return reused;
    }
    this.#buffersCreated++;
    this.#bytesInUse += size;
    return this.#device.createBuffer({ size, usage });
  }

  /** Returns a buffer to the pool; the caller must not use it afterwards. */
  release(buffer: GPUBuffer): void {
    const key = `${buffer.size}:${buffer.usage}`;
    let list = this.#free.get(key);
    if (!list) {
      list = [];
      this.#free.set(key, list);
    }
    list.push(buffer);
    this.#bytesInUse -= buffer.size;
    this.#bytesPooled += buffer.size;
  }

  /** A storage buffer filled from `data` (converted to 32 bits when it is a Float64Array or number[]). */
  upload(data: ArrayLike<number>, kind: 'f32' | 'i32' | 'u32', extraUsage = 0): GPUBuffer {
    const typed =
      kind === 'f32'
        ? toFloat32(data)
        : kind === 'i32'
          ? data instanceof Int32Array
            ? data
            : Int32Array.from(data)
          : data instanceof Uint32Array
            ? data
            : Uint32Array.from(data);
    const buffer = this.acquire(typed.byteLength, bufferUsage.storage | bufferUsage.copyDst | extraUsage);
    if (typed.byteLength > 0) {
      this.#device.queue.writeBuffer(buffer, 0, typed.buffer, typed.byteOffset, typed.byteLength);
    }
    return buffer;
  }

  get bytesInUse(): number {
    return this.#bytesInUse;
  }

  get bytesPooled(): number {
    return this.#bytesPooled;
  }

  get buffersCreated(): number {
    return this.#buffersCreated;
  }

  /** Destroys every pooled buffer (buffers in use are destroyed by their owners or with the device). */
  clear(): void {
    for (const list of this.#free.values()) for (const buffer of list) buffer.destroy();
    this.#free.clear();
    this.#bytesPooled = 0;
  }
}

function bucketSize(byteLength: number): number {
  let size = 256;
  while (size < byteLength) size *= 2;
  return size;
}
