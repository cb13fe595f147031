import { type FloatArray, InvalidArgumentError } from '@anyk/core';
import type { ModelDtype } from './model-config.ts';

/** One named tensor: row-major data and its shape. */
export interface NamedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: FloatArray;
}

/** Allocates a zeroed array of the model's dtype. */
export function allocate(dtype: ModelDtype, size: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
}

/**
 * An ordered set of named tensors (parameters, optimizer moments, router state). Order is insertion
 * order, so serialisation, gradient-norm sums and optimizer updates always visit tensors identically —
 * part of what makes resumed runs bit-identical.
 */
export class TensorStore {
  private readonly tensors = new Map<string, NamedTensor>();

  add(name: string, shape: readonly number[], data: FloatArray): FloatArray {
    const size = shape.reduce((product, extent) => product * extent, 1);
    if (data.length !== size)
      throw new InvalidArgumentError(`${name}.length`, `${size} for shape [${shape}]`, data.length);
    this.tensors.set(name, { name, shape: [...shape], data });
    return data;
  }

  get(name: string): FloatArray {
    const tensor = this.tensors.get(name);
    if (!tensor) throw new InvalidArgumentError('name', `a tensor of this store`, name);
    return tensor.data;
  }

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  entries(): NamedTensor[] {
    return [...this.tensors.values()];
  }

  /** A zeroed store with the same names and shapes (gradients, moments). */
  zerosLike(dtype: ModelDtype | 'float64'): TensorStore {
    const store = new TensorStore();
    for (const tensor of this.tensors.values()) {
      store.add(tensor.name, tensor.shape, allocate(dtype, tensor.data.length));
    }
    return store;
  }

  zero(): void {
    for (const tensor of this.tensors.values()) tensor.data.fill(0);
  }

  /** Number of scalars. */
  size(): number {
    let total = 0;
    for (const tensor of this.tensors.values()) total += tensor.data.length;
    return total;
  }
}
