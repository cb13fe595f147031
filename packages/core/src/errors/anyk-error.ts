/**
 * Every `code` an anyk error can carry: callers branch on it without string matching (`switch (error.code)`).
 */
export type AnykErrorCode =
  | 'invalid-argument'
  | 'shape-mismatch'
  | 'non-finite'
  | 'unsupported'
  | 'backend-unavailable'
  | 'backend-lost'
  | 'corrupt-file'
  | 'kernel-failed';

/** The brand of the base class; also carried by errors from older copies of `@anyk/core`. */
const baseBrand = Symbol.for('anyk.error');

/** A class's brand: `Symbol.for('anyk.error.<ClassName>')`, the same symbol in every copy of the package. */
function brandOf(className: string): symbol {
  return Symbol.for(`anyk.error.${className}`);
}

/**
 * Base class of every error anyk throws on purpose. Errors carry a stable `code` so callers can branch
 * without string matching, and per-class `Symbol.for` brands so `isInstance` works even when two copies
 * of `@anyk/core` end up in one app (where `instanceof` fails): `ShapeError.isInstance(error)` is true only
 * for a `ShapeError` (or a subclass of it), `AnykError.isInstance(error)` for every anyk error.
 */
export class AnykError extends Error {
  /** The symbol `isInstance` looks for; each subclass declares its own. */
  static readonly brand: symbol = baseBrand;
  readonly code: AnykErrorCode;

  constructor(code: AnykErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AnykError';
    this.code = code;
    // Brand the instance with the brand of its class and of every ancestor up to AnykError.
    for (let type: unknown = new.target; typeof type === 'function'; type = Object.getPrototypeOf(type)) {
      const brand = (type as { brand?: unknown }).brand;
      if (typeof brand === 'symbol') Object.defineProperty(this, brand, { value: true });
      if (type === AnykError) break;
    }
  }

  /**
   * True when `value` is an error of this class (or a subclass), from any copy of `@anyk/core`:
   * `ShapeError.isInstance(new InvalidArgumentError(...)) === false`.
   */
  static isInstance<T extends AnykError>(
    this: { readonly brand: symbol; readonly prototype: T },
    value: unknown,
  ): value is T {
    if (typeof value !== 'object' || value === null) return false;
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class it is called on, e.g. ShapeError.
    const brand = this.brand;
    return (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** An argument has the wrong value: names the argument, what was expected and what was given. */
export class InvalidArgumentError extends AnykError {
  static override readonly brand: symbol = brandOf('InvalidArgumentError');
  declare readonly code: 'invalid-argument';
  readonly argument: string;
  readonly expected: string;
  readonly actual: string;

  constructor(argument: string, expected: string, actual: unknown, context?: string) {
    const shown = describeValue(actual);
    super(
      'invalid-argument',
      `${context ? `${context}: ` : ''}${argument} must be ${expected}, got ${shown}`,
    );
    this.name = 'InvalidArgumentError';
    this.argument = argument;
    this.expected = expected;
    this.actual = shown;
  }
}

/** A tensor has the wrong shape (or a data length that does not match its shape). */
export class ShapeError extends AnykError {
  static override readonly brand: symbol = brandOf('ShapeError');
  declare readonly code: 'shape-mismatch';
  readonly argument: string;
  readonly expected: readonly number[] | string;
  readonly actual: readonly number[] | string;

  constructor(argument: string, expected: readonly number[] | string, actual: readonly number[] | string) {
    super(
      'shape-mismatch',
      `${argument} must have shape ${formatShape(expected)}, got ${formatShape(actual)}`,
    );
    this.name = 'ShapeError';
    this.argument = argument;
    this.expected = expected;
    this.actual = actual;
  }
}

/** A tensor holds NaN or +-Infinity where finite numbers are required. */
export class NonFiniteError extends AnykError {
  static override readonly brand: symbol = brandOf('NonFiniteError');
  declare readonly code: 'non-finite';
  readonly argument: string;
  readonly index: number;

  constructor(argument: string, index: number, value: number) {
    super('non-finite', `${argument} must be finite, but element ${index} is ${value}`);
    this.name = 'NonFiniteError';
    this.argument = argument;
    this.index = index;
  }
}

/** A feature, family or case that this backend or build does not support (never a silent fallback). */
export class UnsupportedError extends AnykError {
  static override readonly brand: symbol = brandOf('UnsupportedError');
  declare readonly code: 'unsupported';
  constructor(what: string, reason: string) {
    super('unsupported', `${what} is not supported: ${reason}`);
    this.name = 'UnsupportedError';
  }
}

/** A backend could not be created (missing runtime, adapter, worker failure). */
export class BackendUnavailableError extends AnykError {
  static override readonly brand: symbol = brandOf('BackendUnavailableError');
  declare readonly code: 'backend-unavailable';
  readonly backend: string;
  /**
   * When several candidates were tried (`resolveBackend`): each one's name and error, in order. Empty
   * for a single backend.
   */
  readonly failures: readonly { readonly name: string; readonly error: unknown }[];

  constructor(
    backend: string,
    reason: string,
    options?: ErrorOptions & { failures?: readonly { readonly name: string; readonly error: unknown }[] },
  ) {
    super('backend-unavailable', `backend "${backend}" is unavailable: ${reason}`, options);
    this.name = 'BackendUnavailableError';
    this.backend = backend;
    this.failures = options?.failures ?? [];
  }
}

/** The backend was disposed, or its device was lost; create a new backend. */
export class BackendLostError extends AnykError {
  static override readonly brand: symbol = brandOf('BackendLostError');
  declare readonly code: 'backend-lost';
  readonly backend: string;

  constructor(backend: string, reason: string, options?: ErrorOptions) {
    super('backend-lost', `backend "${backend}" cannot be used any more: ${reason}`, options);
    this.name = 'BackendLostError';
    this.backend = backend;
  }
}

/** A serialized file (fixture, checkpoint, weights) is malformed. */
export class CorruptFileError extends AnykError {
  static override readonly brand: symbol = brandOf('CorruptFileError');
  declare readonly code: 'corrupt-file';
  readonly file: string;

  constructor(file: string, reason: string) {
    super('corrupt-file', `${file} is malformed: ${reason}`);
    this.name = 'CorruptFileError';
    this.file = file;
  }
}

/**
 * A kernel failed on a backend's device or workers (a WebGPU validation or out-of-memory error, a trap or
 * throw in a worker, a gpu.js kernel that could not compile or run). One class for every backend, so an app
 * handles "the device failed" once; `backend` and `kernel` say where, `cause` holds the original error.
 */
export class KernelError extends AnykError {
  static override readonly brand: symbol = brandOf('KernelError');
  declare readonly code: 'kernel-failed';
  readonly backend: string;
  readonly kernel: string;

  constructor(backend: string, kernel: string, cause: unknown) {
    super('kernel-failed', `backend "${backend}" failed in kernel "${kernel}": ${describeCause(cause)}`, {
      cause,
    });
    this.name = 'KernelError';
    this.backend = backend;
    this.kernel = kernel;
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  if (
    typeof cause === 'object' &&
    cause !== null &&
    typeof (cause as { message?: unknown }).message === 'string'
  )
    return (cause as { message: string }).message;
  return String(cause);
}

function formatShape(shape: readonly number[] | string): string {
  return typeof shape === 'string' ? shape : `[${shape.join(', ')}]`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value))
    return `a ${value.constructor.name} of length ${(value as Float64Array).length}`;
  try {
    return JSON.stringify(value);
  } catch {
    return typeof value;
  }
}
