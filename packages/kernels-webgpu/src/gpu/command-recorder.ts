import type { BufferPool } from './buffer-pool.ts';
import { bufferUsage, mapModeRead, maxWorkgroupsPerDimension } from './gpu-constants.ts';
import type { KernelCache, KernelSource } from './kernel-cache.ts';

/** Per-call counters: what one layer (or route) call put on the queue. */
export interface CallCounters {
  /** Compute dispatches encoded (direct and indirect). */
  dispatches: number;
  /** Of which indirect (sized on the device by the plan). */
  indirectDispatches: number;
  /** Buffer maps (`mapAsync`) before the result was complete: the read-backs inside the layer. */
  readbacksInsideLayer: number;
  /** Buffer maps that return the final result to the caller (1 per call, 0 when T = 0). */
  finalReadbacks: number;
  /** Queue submissions. */
  submits: number;
  /**
   * Bytes written host -> device (`queue.writeBuffer`): activations, per-call router parameters, uniforms,
   * and weights when they were not resident yet. Includes `weightBytesUploaded`.
   */
  bytesUploaded: number;
  /** Of which layer weights: 0 when the weights object was already on the device. */
  weightBytesUploaded: number;
  /**
   * Bind groups this call had to create; the others were reused from the kernel cache. 0 when a layer is
   * called again on the same weights object (its pooled buffers come back in the same order).
   */
  bindGroupsCreated: number;
}

/** The buffers of one dispatch, by the kernel's binding names (`KernelBindings`). */
export type BoundBuffers<Name extends string> = { readonly [Key in Name]: GPUBuffer };

/** Values of the shared uniform block (`params.wgsl.ts`). */
export interface UniformValues {
  readonly tokens: number;
  readonly count0?: number;
  readonly count1?: number;
  readonly count2?: number;
  readonly scalar0?: number;
  readonly scalar1?: number;
}

/** What to copy into the single read-back buffer, and how to view it afterwards. */
export interface ReadbackRequest {
  readonly buffer: GPUBuffer;
  readonly elements: number;
  readonly kind: 'f32' | 'i32' | 'u32';
}

const storageUsage = bufferUsage.storage | bufferUsage.copySrc | bufferUsage.copyDst;

/** One dispatch's GPU time from the timestamp queries of its own compute pass. */
export interface KernelTiming {
  readonly kernel: string;
  readonly ms: number;
}

/** Dispatches a profiling recorder can time (two timestamps each). */
export const maxProfiledDispatches = 32;

/**
 * Records one call's work into a single command encoder: every kernel of a layer goes into one submission,
 * and the only `mapAsync` is `readback`, which copies all requested results into one staging buffer. Every
 * buffer it hands out comes from the pool and goes back there in `release()`.
 */
export class CommandRecorder {
  readonly counters: CallCounters = {
    dispatches: 0,
    indirectDispatches: 0,
    readbacksInsideLayer: 0,
    finalReadbacks: 0,
    submits: 0,
    bytesUploaded: 0,
    weightBytesUploaded: 0,
    bindGroupsCreated: 0,
  };
  /** The name of every kernel dispatched, in order (which kernels ran, e.g. the GEMV or the GEMM path). */
  readonly kernels: string[] = [];
  readonly #device: GPUDevice;
  readonly #pool: BufferPool;
  readonly #kernels: KernelCache;
  readonly #acquired: GPUBuffer[] = [];
  #encoder: GPUCommandEncoder;
  #pass: GPUComputePassEncoder | undefined;
  /** Set by `profile()`: each dispatch then gets its own pass with timestamps at both ends. */
  #timestamps: GPUQuerySet | undefined;
  /** Dispatches recorded since `profile()` (each owns timestamp slots `2i`, `2i + 1`). */
  #profiled = 0;

  constructor(device: GPUDevice, pool: BufferPool, kernels: KernelCache) {
    this.#device = device;
    this.#pool = pool;
    this.#kernels = kernels;
    this.#encoder = device.createCommandEncoder({ label: 'anyk-layer' });
  }

  /**
   * Turns on per-kernel GPU timing for the dispatches recorded from now on (the device needs the
   * `timestamp-query` feature): each gets its own compute pass with `timestampWrites`, and
   * `submitAndTime()` returns their durations. Separate passes may change what overlaps, so profile in runs
   * of their own, not in the timed ones.
   */
  profile(): void {
    if (!this.#device.features.has('timestamp-query')) {
      throw new Error('profile() needs a device with the timestamp-query feature');
    }
    this.#endPass();
    this.#timestamps ??= this.#device.createQuerySet({ type: 'timestamp', count: 2 * maxProfiledDispatches });
  }

  /**
   * Submits, waits and returns each profiled dispatch's GPU time, in dispatch order (timestamps resolved
   * on the device, read back once). Durations are what the implementation reports (browsers quantise
   * timestamps; Dawn in Node does unless created with `disable-dawn-features=timestamp_quantization`).
   */
  async submitAndTime(): Promise<KernelTiming[]> {
    const querySet = this.#timestamps;
    if (!querySet) throw new Error('submitAndTime() needs profile() first');
    this.#endPass();
    const names = this.kernels.slice(this.kernels.length - this.#profiled);
    const count = 2 * names.length;
    const resolved = this.#track(
      this.#pool.acquire(Math.max(count, 1) * 8, bufferUsage.queryResolve | bufferUsage.copySrc),
    );
    const staging = this.#track(
      this.#pool.acquire(Math.max(count, 1) * 8, bufferUsage.mapRead | bufferUsage.copyDst),
    );
    if (count > 0) {
      this.#encoder.resolveQuerySet(querySet, 0, count, resolved, 0);
      this.#encoder.copyBufferToBuffer(resolved, 0, staging, 0, count * 8);
    }
    this.#submit();
    await staging.mapAsync(mapModeRead, 0, staging.size);
    const ticks = new BigUint64Array(staging.getMappedRange(0, Math.max(count, 1) * 8).slice(0));
    staging.unmap();
    this.#profiled = 0;
    return names.map((kernel, index) => {
      const begin = ticks[2 * index] as bigint;
      const end = ticks[2 * index + 1] as bigint;
      return { kernel, ms: end >= begin ? Number(end - begin) / 1e6 : 0 };
    });
  }

  /** A device-only storage buffer of `elements` 32-bit values (contents undefined until a kernel writes). */
  storage(elements: number, extraUsage = 0): GPUBuffer {
    return this.#track(this.#pool.acquire(Math.max(elements, 1) * 4, storageUsage | extraUsage));
  }

  /** A storage buffer holding `data` as 32-bit values. */
  upload(data: ArrayLike<number>, kind: 'f32' | 'i32' | 'u32'): GPUBuffer {
    this.counters.bytesUploaded += data.length * 4;
    return this.#track(this.#pool.upload(data, kind, bufferUsage.copySrc));
  }

  uniform(values: UniformValues): GPUBuffer {
    const bytes = new ArrayBuffer(32);
    const view = new DataView(bytes);
    view.setUint32(0, values.tokens, true);
    view.setUint32(4, values.count0 ?? 0, true);
    view.setUint32(8, values.count1 ?? 0, true);
    view.setUint32(12, values.count2 ?? 0, true);
    view.setFloat32(16, values.scalar0 ?? 0, true);
    view.setFloat32(20, values.scalar1 ?? 0, true);
    const buffer = this.#track(this.#pool.acquire(32, bufferUsage.uniform | bufferUsage.copyDst));
    this.#device.queue.writeBuffer(buffer, 0, bytes);
    this.counters.bytesUploaded += bytes.byteLength;
    return buffer;
  }

  /** Counts weight bytes another owner (the resident weight cache) wrote for this call. */
  countWeightUpload(bytes: number): void {
    this.counters.bytesUploaded += bytes;
    this.counters.weightBytesUploaded += bytes;
  }

  /** Dispatches `source` over `[x, y]` workgroups with `buffers` bound by the kernel's binding names. */
  dispatch<Name extends string>(
    source: KernelSource<Name>,
    buffers: BoundBuffers<Name>,
    grid: readonly [number, number],
  ): void {
    if (grid[0] === 0 || grid[1] === 0) return;
    const pass = this.#bind(source, buffers);
    pass.dispatchWorkgroups(grid[0], grid[1], 1);
    this.counters.dispatches++;
    this.kernels.push(source.name);
  }

  /** Dispatches `source` with the grid a kernel wrote into `args` at byte `offset`. */
  dispatchIndirect<Name extends string>(
    source: KernelSource<Name>,
    buffers: BoundBuffers<Name>,
    args: GPUBuffer,
    offset: number,
  ): void {
    const pass = this.#bind(source, buffers);
    pass.dispatchWorkgroupsIndirect(args, offset);
    this.counters.dispatches++;
    this.counters.indirectDispatches++;
    this.kernels.push(source.name);
  }

  /** Submits what was recorded and waits for the queue (no data leaves the device). */
  async submitAndWait(): Promise<void> {
    this.#submit();
    await this.#device.queue.onSubmittedWorkDone();
  }

  /**
   * Copies every request into one staging buffer, submits, maps once and returns typed copies. This is the
   * call's single read-back: the final result the caller asked for.
   */
  async readback(requests: readonly ReadbackRequest[]): Promise<(Float32Array | Int32Array | Uint32Array)[]> {
    const results = await this.#readback(requests);
    this.counters.finalReadbacks++;
    return results;
  }

  /**
   * A read-back before the call's result is complete (counted in `readbacksInsideLayer`): only where the host
   * must decide something from device values, e.g. the training-mode forward routing on the host from the
   * device's router logits. The hot path (`forward` without `retainForBackward`) never calls it.
   */
  async readbackInsideLayer(
    requests: readonly ReadbackRequest[],
  ): Promise<(Float32Array | Int32Array | Uint32Array)[]> {
    const results = await this.#readback(requests);
    this.counters.readbacksInsideLayer++;
    return results;
  }

  async #readback(
    requests: readonly ReadbackRequest[],
  ): Promise<(Float32Array | Int32Array | Uint32Array)[]> {
    this.#endPass();
    let total = 0;
    const offsets = requests.map((request) => {
      const offset = total;
      total += request.elements * 4;
      return offset;
    });
    const staging = this.#track(
      this.#pool.acquire(Math.max(total, 4), bufferUsage.mapRead | bufferUsage.copyDst),
    );
    requests.forEach((request, index) => {
      if (request.elements > 0) {
        this.#encoder.copyBufferToBuffer(
          request.buffer,
          0,
          staging,
          offsets[index] ?? 0,
          request.elements * 4,
        );
      }
    });
    this.#submit();
    await staging.mapAsync(mapModeRead, 0, staging.size);
    const mapped = staging.getMappedRange(0, staging.size);
    const results = requests.map((request, index) => {
      const slice = mapped.slice(offsets[index] ?? 0, (offsets[index] ?? 0) + request.elements * 4);
      return request.kind === 'f32'
        ? new Float32Array(slice)
        : request.kind === 'i32'
          ? new Int32Array(slice)
          : new Uint32Array(slice);
    });
    staging.unmap();
    return results;
  }

  /**
   * Returns every buffer of this call to the pool (and destroys the profiling query set, if any), last
   * acquired first: the pool hands buffers out last-in first-out, so the same call recorded again gets the
   * same buffer in every role, and every bind group it needs is already in the kernel cache.
   */
  release(): void {
    for (const buffer of this.#acquired.splice(0).reverse()) this.#pool.release(buffer);
    this.#timestamps?.destroy();
    this.#timestamps = undefined;
  }

  #track(buffer: GPUBuffer): GPUBuffer {
    this.#acquired.push(buffer);
    return buffer;
  }

  #bind(source: KernelSource, buffers: BoundBuffers<string>): GPUComputePassEncoder {
    const kernel = this.#kernels.get(source);
    const ordered = kernel.bindingNames.map((name) => {
      const buffer = buffers[name];
      if (buffer === undefined) throw new Error(`kernel ${source.name}: no buffer for binding ${name}`);
      return buffer;
    });
    if (Object.keys(buffers).length !== ordered.length) {
      const extra = Object.keys(buffers).filter((name) => !kernel.bindingNames.includes(name));
      throw new Error(`kernel ${source.name} has no binding ${extra.join(', ')}`);
    }
    const created = this.#kernels.bindGroupsCreated;
    const bindGroup = this.#kernels.bindGroup(kernel, ordered);
    this.counters.bindGroupsCreated += this.#kernels.bindGroupsCreated - created;
    if (this.#timestamps) {
      if (this.#profiled >= maxProfiledDispatches) {
        throw new Error(`a profiled recording times at most ${maxProfiledDispatches} dispatches`);
      }
      this.#endPass();
      const slot = this.#profiled++;
      this.#pass = this.#encoder.beginComputePass({
        label: source.name,
        timestampWrites: {
          querySet: this.#timestamps,
          beginningOfPassWriteIndex: 2 * slot,
          endOfPassWriteIndex: 2 * slot + 1,
        },
      });
    }
    if (!this.#pass) this.#pass = this.#encoder.beginComputePass({ label: 'anyk-layer' });
    this.#pass.setPipeline(kernel.pipeline);
    this.#pass.setBindGroup(0, bindGroup);
    return this.#pass;
  }

  #endPass(): void {
    this.#pass?.end();
    this.#pass = undefined;
  }

  #submit(): void {
    this.#endPass();
    this.#device.queue.submit([this.#encoder.finish()]);
    this.counters.submits++;
    this.#encoder = this.#device.createCommandEncoder({ label: 'anyk-layer' });
  }
}

/** Workgroups for `items` one-per-thread items at `perGroup` threads, folded into y past 65,535. */
export function itemGrid(items: number, perGroup: number): [number, number] {
  const groups = Math.ceil(items / perGroup);
  if (groups <= maxWorkgroupsPerDimension) return [groups, 1];
  return [maxWorkgroupsPerDimension, Math.ceil(groups / maxWorkgroupsPerDimension)];
}
