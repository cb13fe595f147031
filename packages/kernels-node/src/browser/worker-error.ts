import {
  AnykError,
  BackendLostError,
  BackendUnavailableError,
  CorruptFileError,
  InvalidArgumentError,
  KernelError,
  NonFiniteError,
  ShapeError,
  UnsupportedError,
} from '@anyk/core';

/**
 * An error as it crosses a worker's message port. Structured cloning keeps an `Error`'s message but not
 * its class nor its fields (`code`, `argument`, ...), so anyk errors travel as data and are rebuilt.
 */
export interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
  readonly code?: string | undefined;
  /** The class's own fields (`argument`, `expected`, `backend`, `kernel`, ...), as cloneable values. */
  readonly fields: Readonly<Record<string, unknown>>;
}

const fieldNames = ['argument', 'expected', 'actual', 'index', 'backend', 'kernel', 'file'] as const;

/** Turns anything thrown in a worker into a {@link WorkerError}. */
export function toWorkerError(error: unknown): WorkerError {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: String(error), stack: '', fields: {} };
  }
  const fields: Record<string, unknown> = {};
  for (const name of fieldNames) {
    if (name in error) fields[name] = (error as unknown as Record<string, unknown>)[name];
  }
  if (error.cause instanceof Error) fields.cause = error.cause.message;
  return {
    name: error.name,
    message: error.message,
    stack: error.stack ?? '',
    code: AnykError.isInstance(error) ? error.code : undefined,
    fields,
  };
}

/**
 * Rebuilds the typed error a worker threw: the same class (so `instanceof` and `isInstance` work), the same
 * message and fields. Errors that are not anyk errors come back as plain `Error`s with their message.
 */
export function fromWorkerError(data: WorkerError): Error {
  const field = (name: string): string => String(data.fields[name] ?? '');
  let error: Error;
  switch (data.code) {
    case 'invalid-argument':
      error = new InvalidArgumentError(field('argument'), field('expected'), undefined);
      break;
    case 'shape-mismatch':
      error = new ShapeError(
        field('argument'),
        data.fields.expected as readonly number[] | string,
        data.fields.actual as readonly number[] | string,
      );
      break;
    case 'non-finite':
      error = new NonFiniteError(field('argument'), Number(data.fields.index), Number.NaN);
      break;
    case 'unsupported':
      error = new UnsupportedError('', '');
      break;
    case 'backend-unavailable':
      error = new BackendUnavailableError(field('backend'), '');
      break;
    case 'backend-lost':
      error = new BackendLostError(field('backend'), '');
      break;
    case 'corrupt-file':
      error = new CorruptFileError(field('file'), '');
      break;
    case 'kernel-failed':
      error = new KernelError(field('backend'), field('kernel'), new Error(field('cause')));
      break;
    default:
      error = new Error('');
      error.name = data.name;
  }
  for (const name of fieldNames) {
    if (name in data.fields)
      Object.defineProperty(error, name, { value: data.fields[name], enumerable: true });
  }
  Object.defineProperty(error, 'message', { value: data.message, writable: true, configurable: true });
  Object.defineProperty(error, 'stack', {
    value: `${data.name}: ${data.message}\n    (thrown in the browser-cpu worker)\n${data.stack}`,
    writable: true,
    configurable: true,
  });
  return error;
}
