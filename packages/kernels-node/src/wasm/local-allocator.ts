import type { ValueType } from './wasm-module-builder.ts';

/** Hands out local indices after a function's parameters, recording each local's type. */
export class LocalAllocator {
  readonly locals: ValueType[] = [];
  private readonly paramCount: number;

  constructor(paramCount: number) {
    this.paramCount = paramCount;
  }

  add(type: ValueType): number {
    this.locals.push(type);
    return this.paramCount + this.locals.length - 1;
  }
}
