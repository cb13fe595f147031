import type { ExpertTensorV1, HalfTensorV1, MoeLayerWeightsV1 } from '@anyk/core';
import { isHalfTensor, toFloat32, widenHalfTensor } from '@anyk/core/internal';
import type { WeightDtype } from '../kernels/weight-load.wgsl.ts';
import type { LayerDeviceWeights } from '../layer/encode-layer.ts';
import { bufferUsage } from './gpu-constants.ts';

/** One weights object's device copy, and its size for `memory()`. */
interface ResidentWeights {
  readonly device: LayerDeviceWeights;
  readonly buffers: readonly GPUBuffer[];
  readonly bytes: number;
}

/** What `acquire` handed out, and how many weight bytes it had to write for it (0 on a hit). */
export interface AcquiredWeights {
  readonly device: LayerDeviceWeights;
  readonly uploadedBytes: number;
  /** True when this call created the entry (the caller drops it again if the call fails). */
  readonly created: boolean;
}

/**
 * Keeps each layer's weights on the device between calls, keyed by the identity of its `MoeLayerWeightsV1`
 * object: core's contract makes a weights object immutable, so a hit needs no comparison and a training step
 * (which passes a new object) misses. Entries live in a WeakMap, so the cache never keeps a weights object
 * alive; a FinalizationRegistry destroys the buffers of one that was collected, `release` drops one on
 * request, and `clear` drops all (dispose). The buffers are exact-size and owned here, never pooled: they
 * outlive calls, and the pool's power-of-two buckets would waste up to half of the largest tensors.
 */
export class WeightCache {
  readonly #device: GPUDevice;
  readonly #entries = new WeakMap<MoeLayerWeightsV1<ExpertTensorV1>, ResidentWeights>();
  /** Every live entry, so `clear` and the byte count reach them without iterating the WeakMap. */
  readonly #live = new Set<ResidentWeights>();
  readonly #finalizer = new FinalizationRegistry<ResidentWeights>((entry) => this.#destroy(entry));
  #bytes = 0;

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  /**
   * The device copy of `weights`, uploading it (one `writeBuffer` per tensor) on the first call only. 16-bit
   * expert weights stay 16-bit on the device (`deviceWeightDtype`), two per word.
   */
  acquire(weights: MoeLayerWeightsV1<ExpertTensorV1>): AcquiredWeights {
    const cached = this.#entries.get(weights);
    if (cached) return { device: cached.device, uploadedBytes: 0, created: false };
    const buffers: GPUBuffer[] = [];
    let bytes = 0;
    let uploadedBytes = 0;
    const dtype = deviceWeightDtype(weights);
    const upload = (data: ExpertTensorV1 | undefined): GPUBuffer => {
      const typed = data === undefined ? undefined : deviceTensor(data, dtype);
      // A 1-element placeholder for an absent tensor: WebGPU rejects empty bindings.
      const byteLength = typed?.byteLength ?? 0;
      const buffer = this.#device.createBuffer({
        label: 'anyk-weights',
        size: Math.max(byteLength, 4),
        usage: bufferUsage.storage | bufferUsage.copyDst,
      });
      if (typed && byteLength > 0) {
        this.#device.queue.writeBuffer(buffer, 0, typed.buffer, typed.byteOffset, byteLength);
        uploadedBytes += byteLength;
      }
      buffers.push(buffer);
      bytes += buffer.size;
      return buffer;
    };
    const device: LayerDeviceWeights = {
      d: weights.d,
      f: weights.f,
      expert: weights.expert,
      dtype,
      router: upload(weights.router),
      wGate: upload(weights.wGate),
      wUp: upload(weights.wUp),
      wDown: upload(weights.wDown),
      constants: upload(weights.constants ? concat(weights.constants.wc, weights.constants.v) : undefined),
      shared: weights.shared
        ? {
            count: weights.shared.count,
            f: weights.shared.f,
            gate: weights.shared.gate,
            wGate: upload(weights.shared.wGate),
            wUp: upload(weights.shared.wUp),
            wDown: upload(weights.shared.wDown),
            gateWeight: upload(weights.shared.gateWeight),
          }
        : undefined,
    };
    const entry: ResidentWeights = { device, buffers, bytes };
    this.#entries.set(weights, entry);
    this.#live.add(entry);
    this.#finalizer.register(weights, entry, entry);
    this.#bytes += bytes;
    return { device, uploadedBytes, created: true };
  }

  /** Destroys the device copy of `weights` (a later call uploads it again); a no-op when there is none. */
  release(weights: MoeLayerWeightsV1<ExpertTensorV1>): void {
    const entry = this.#entries.get(weights);
    if (!entry) return;
    this.#entries.delete(weights);
    this.#destroy(entry);
  }

  /** Destroys every device copy (dispose). */
  clear(): void {
    for (const entry of [...this.#live]) this.#destroy(entry);
  }

  /** Bytes of device memory the resident weights hold. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Weights objects with a device copy. */
  get size(): number {
    return this.#live.size;
  }

  #destroy(entry: ResidentWeights): void {
    if (!this.#live.delete(entry)) return;
    this.#finalizer.unregister(entry);
    this.#bytes -= entry.bytes;
    for (const buffer of entry.buffers) buffer.destroy();
  }
}

function concat(first: ArrayLike<number>, second: ArrayLike<number>): Float32Array {
  const out = new Float32Array(first.length + second.length);
  out.set(first, 0);
  out.set(second, first.length);
  return out;
}

/**
 * How a layer's expert weights sit on the device: 16-bit when every expert tensor (routed and shared) is
 * 16-bit of one dtype, float32 otherwise (a layer mixing dtypes has its 16-bit tensors widened at upload,
 * exactly). The kernels read one dtype per layer, so the grouped FFN stays one code path.
 */
export function deviceWeightDtype(weights: MoeLayerWeightsV1<ExpertTensorV1>): WeightDtype {
  const shared = weights.shared;
  const tensors = [
    weights.wGate,
    weights.wUp,
    weights.wDown,
    shared?.wGate,
    shared?.wUp,
    shared?.wDown,
  ].filter((tensor) => tensor !== undefined);
  const first = tensors[0];
  if (!isHalfTensor(first)) return 'f32';
  return tensors.every((tensor) => isHalfTensor(tensor) && tensor.dtype === first.dtype)
    ? first.dtype
    : 'f32';
}

/** A tensor's bytes as the kernels read them: float32, or the 16-bit words padded to a whole `u32`. */
function deviceTensor(data: ExpertTensorV1, dtype: WeightDtype): Float32Array | Uint16Array {
  if (!isHalfTensor(data)) return toFloat32(data);
  if (dtype === 'f32') return widenHalfTensor(data);
  return padToWords(data);
}

function padToWords(tensor: HalfTensorV1): Uint16Array {
  if (tensor.bits.length % 2 === 0) return tensor.bits;
  const padded = new Uint16Array(tensor.bits.length + 1);
  padded.set(tensor.bits);
  return padded;
}
