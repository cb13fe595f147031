import { AnykError, type ExpertTensorV1, type MoeLayerV1, type MoeLayerWeightsV1 } from '@anyk/core';
import type { KernelRuntime } from '../runtime/kernel-runtime.ts';
import { isCurrent, type PreparedLayer, prepareLayer, releaseLayer } from './prepared-layer.ts';

/** One weights object's packed copy, and how many running calls hold it. Never refers to the weights. */
interface CacheEntry {
  readonly preparing: Promise<PreparedLayer>;
  /** Set once packed (for its size). */
  layer?: PreparedLayer | undefined;
  /** Calls holding the entry, from the moment they look it up: an entry in use is never freed. */
  users: number;
  dropped: boolean;
}

/**
 * The packed copies of layers' weights in shared memory, keyed by the identity of the weights object
 * (`MoeLayerV1.weights` is immutable per object; `layer-v1.ts` recommends a new object after an in-place
 * update). Two rules keep memory flat when an app passes a new weights object per call:
 * - an entry follows its weights object's lifetime: a `FinalizationRegistry` releases it once the object
 *   is collected (nothing in the cache refers to the object, or it could never be collected);
 * - garbage collection is not driven by shared memory, so the idle entries (no running call) beyond
 *   `budgetBytes` are released least recently used first, and all idle entries are released and the
 *   call retried once when shared memory runs out. A released entry is packed again on its next use.
 */
export class PreparedLayerCache {
  private readonly byWeights = new WeakMap<MoeLayerWeightsV1<ExpertTensorV1>, CacheEntry>();
  /** Insertion order is use order: the first entry is the least recently used. */
  private readonly recent = new Set<CacheEntry>();
  private readonly finalizer = new FinalizationRegistry<CacheEntry>((entry) => this.drop(entry));

  private readonly runtime: KernelRuntime;
  private readonly budgetBytes: number;
  private readonly packExperts: boolean;

  /** `packExperts` false: the layers' experts run on another engine (see `prepareLayer`). */
  constructor(runtime: KernelRuntime, budgetBytes: number, packExperts = true) {
    this.runtime = runtime;
    this.budgetBytes = budgetBytes;
    this.packExperts = packExperts;
  }

  /** Entries held (packed or being packed). */
  get size(): number {
    return this.recent.size;
  }

  /** Runs `work` with the layer's packed weights, packing them first when needed. */
  async use<T>(layer: MoeLayerV1<ExpertTensorV1>, work: (prepared: PreparedLayer) => Promise<T>): Promise<T> {
    try {
      return await this.useOnce(layer, work);
    } catch (error) {
      if (!isOutOfSharedMemory(error) || !this.releaseIdle(Number.POSITIVE_INFINITY)) throw error;
      return this.useOnce(layer, work);
    }
  }

  /** Drops the packed copy of `weights` (after an in-place change); a running call keeps its copy. */
  release(weights: MoeLayerWeightsV1<ExpertTensorV1>): void {
    const entry = this.byWeights.get(weights);
    if (!entry) return;
    this.byWeights.delete(weights);
    this.finalizer.unregister(entry);
    this.drop(entry);
  }

  private async useOnce<T>(
    layer: MoeLayerV1<ExpertTensorV1>,
    work: (prepared: PreparedLayer) => Promise<T>,
  ): Promise<T> {
    const entry = await this.acquire(layer);
    try {
      return await work(await entry.preparing);
    } finally {
      entry.users--;
      if (entry.dropped && entry.users === 0) this.free(entry);
    }
  }

  /** The entry of `layer.weights`, packed, with one more user (the caller releases it). */
  private async acquire(layer: MoeLayerV1<ExpertTensorV1>): Promise<CacheEntry> {
    const weights = layer.weights;
    const cached = this.byWeights.get(weights);
    if (cached && !cached.dropped) {
      cached.users++;
      const current = await cached.preparing.catch(() => undefined);
      if (current && isCurrent(current, weights)) {
        this.recent.delete(cached);
        this.recent.add(cached);
        return cached;
      }
      cached.users--;
      this.release(weights);
    }
    const entry: CacheEntry = {
      preparing: prepareLayer(this.runtime, layer, this.packExperts),
      users: 1,
      dropped: false,
    };
    this.byWeights.set(weights, entry);
    this.recent.add(entry);
    this.finalizer.register(weights, entry, entry);
    try {
      entry.layer = await entry.preparing;
    } catch (error) {
      entry.users--;
      if (this.byWeights.get(weights) === entry) this.release(weights);
      throw error;
    }
    this.releaseIdle(this.budgetBytes);
    return entry;
  }

  /**
   * Releases idle entries, least recently used first, until the cache holds at most `keepBytes`.
   * Returns whether anything was released.
   */
  private releaseIdle(keepBytes: number): boolean {
    let held = 0;
    const sizes = new Map<CacheEntry, number>();
    for (const entry of this.recent) {
      const bytes = this.bytesOf(entry);
      sizes.set(entry, bytes);
      held += bytes;
    }
    let released = false;
    for (const entry of [...this.recent]) {
      if (keepBytes !== Number.POSITIVE_INFINITY && held <= keepBytes) break;
      if (entry.users > 0) continue;
      held -= sizes.get(entry) ?? 0;
      this.drop(entry);
      released = true;
    }
    return released;
  }

  private bytesOf(entry: CacheEntry): number {
    let bytes = 0;
    const layer = entry.layer;
    if (layer) for (const address of layer.blocks) bytes += this.runtime.arena.sizeOf(address);
    return bytes;
  }

  /** Forgets an entry; its memory goes back to the arena now, or when its last running call ends. */
  private drop(entry: CacheEntry): void {
    if (entry.dropped) return;
    entry.dropped = true;
    this.recent.delete(entry);
    if (entry.users === 0) this.free(entry);
  }

  private free(entry: CacheEntry): void {
    void entry.preparing.then((layer) => releaseLayer(this.runtime, layer)).catch(() => undefined);
  }
}

function isOutOfSharedMemory(error: unknown): boolean {
  return AnykError.isInstance(error) && error.code === 'unsupported' && /maxMemoryBytes/.test(error.message);
}
