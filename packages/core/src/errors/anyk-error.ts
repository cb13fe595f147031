const marker = Symbol.for('anyk.error');

/**
 * Base class of every error anyk throws on purpose. Errors carry a stable `code` so callers can branch
 * without string matching, and a `Symbol.for` marker so `AnykError.isInstance` works even when two copies
 * of `@anyk/core` end up in one app (instanceof would fail there).
 */
export class AnykError extends Error {
  readonly [marker] = true;
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AnykError';
    this.code = code;
  }

  static isInstance(value: unknown): value is AnykError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}

/** An argument has the wrong value: names the argument, what was expected and what was given. */
export class InvalidArgumentError extends AnykError {
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
  constructor(what: string, reason: string) {
    super('unsupported', `${what} is not supported: ${reason}`);
    this.name = 'UnsupportedError';
  }
}

/** A backend could not be created (missing runtime, adapter, worker failure). */
export class BackendUnavailableError extends AnykError {
  readonly backend: string;

  constructor(backend: string, reason: string, options?: ErrorOptions) {
    super('backend-unavailable', `backend "${backend}" is unavailable: ${reason}`, options);
    this.name = 'BackendUnavailableError';
    this.backend = backend;
  }
}

/** The backend was disposed, or its device was lost; create a new backend. */
export class BackendLostError extends AnykError {
  readonly backend: string;

  constructor(backend: string, reason: string, options?: ErrorOptions) {
    super('backend-lost', `backend "${backend}" cannot be used any more: ${reason}`, options);
    this.name = 'BackendLostError';
    this.backend = backend;
  }
}

/** A serialized file (fixture, checkpoint, weights) is malformed. */
export class CorruptFileError extends AnykError {
  readonly file: string;

  constructor(file: string, reason: string) {
    super('corrupt-file', `${file} is malformed: ${reason}`);
    this.name = 'CorruptFileError';
    this.file = file;
  }
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
