import type { KernelBackendV1 } from '../contracts/kernel-backend-v1.ts';
import { BackendUnavailableError, InvalidArgumentError } from '../errors/anyk-error.ts';
import { describeNonBackend } from './is-kernel-backend.ts';

/** One backend an app is willing to use: a name for messages and a factory that creates it. */
export interface BackendCandidate<Backend extends KernelBackendV1 = KernelBackendV1> {
  readonly name: string;
  readonly create: () => Promise<Backend> | Backend;
}

/** Why one candidate was not used. */
export interface BackendFailure {
  readonly name: string;
  /** What its factory threw, or the `BackendUnavailableError` saying it timed out / returned a non-backend. */
  readonly error: unknown;
}

export interface ResolveBackendOptions {
  /**
   * How long one factory may take, in milliseconds (default: no limit). A factory that takes longer
   * counts as failed; if its backend arrives later it is disposed.
   */
  readonly timeoutMs?: number;
  /** Aborts the search: the promise rejects with `signal.reason`, a backend that arrives later is disposed. */
  readonly signal?: AbortSignal;
}

export interface ResolvedBackend<Backend extends KernelBackendV1 = KernelBackendV1> {
  readonly backend: Backend;
  /** The chosen candidate's name. */
  readonly name: string;
  /** Every earlier candidate, in order, with the reason it was not used. */
  readonly failures: readonly BackendFailure[];
}

/**
 * Picks the first backend the app's candidates can create, in the order given: the usual "WebGPU if there
 * is an adapter, else the CPU kernels, else the reference" choice, with the reason every earlier candidate
 * failed (like onnxruntime's execution-provider list). Nothing is registered globally: the app passes its
 * factories, so a bundle only contains the backends it names.
 *
 * A candidate fails when its factory throws or rejects, takes longer than `timeoutMs`, or returns something
 * that is not a `KernelBackendV1`. When every candidate fails the promise rejects with
 * `BackendUnavailableError` whose message lists each failure and whose `failures` holds them; an empty list
 * or a malformed candidate is an `InvalidArgumentError`.
 *
 * @example
 * ```ts
 * import { createReferenceBackend, resolveBackend } from '@anyk/core';
 * import { createNodeBackend } from '@anyk/kernels-node';
 *
 * const { backend, name, failures } = await resolveBackend(
 *   [
 *     { name: 'node', create: () => createNodeBackend({ threads: 2 }) },
 *     { name: 'reference', create: createReferenceBackend },
 *   ],
 *   { timeoutMs: 10_000 },
 * );
 * for (const failure of failures) console.warn(`${failure.name} not used:`, failure.error);
 * console.log(`routing on ${name}`);
 * await backend.dispose();
 * ```
 * @throws {InvalidArgumentError} (rejects) when `candidates` is empty or an entry is not `{ name, create }`
 * @throws {BackendUnavailableError} (rejects) when no candidate gives a backend; `failures` says why each failed
 */
export async function resolveBackend<Backend extends KernelBackendV1>(
  candidates: readonly BackendCandidate<Backend>[],
  options: ResolveBackendOptions = {},
): Promise<ResolvedBackend<Backend>> {
  checkArguments(candidates, options);
  const failures: BackendFailure[] = [];
  for (const candidate of candidates) {
    options.signal?.throwIfAborted();
    try {
      const backend = await createWithin(candidate, options);
      return { backend, name: candidate.name, failures };
    } catch (error) {
      if (options.signal?.aborted && error === options.signal.reason) throw error;
      failures.push({ name: candidate.name, error });
    }
  }
  throw new BackendUnavailableError(
    candidates.map((candidate) => candidate.name).join(' | '),
    `every candidate failed: ${failures.map((failure) => `${failure.name}: ${messageOf(failure.error)}`).join('; ')}`,
    { failures },
  );
}

function checkArguments(candidates: readonly BackendCandidate[], options: ResolveBackendOptions): void {
  if (!Array.isArray(candidates) || candidates.length === 0) {
    throw new InvalidArgumentError(
      'candidates',
      'a non-empty array of { name, create }',
      candidates,
      'resolveBackend',
    );
  }
  candidates.forEach((candidate, index) => {
    if (typeof candidate?.name !== 'string' || typeof candidate.create !== 'function') {
      throw new InvalidArgumentError(
        `candidates[${index}]`,
        'a { name: string, create: () => backend } candidate',
        candidate,
        'resolveBackend',
      );
    }
  });
  const { timeoutMs } = options;
  if (
    timeoutMs !== undefined &&
    !(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= 2 ** 31 - 1)
  ) {
    throw new InvalidArgumentError(
      'timeoutMs',
      'a positive number of milliseconds',
      timeoutMs,
      'resolveBackend',
    );
  }
}

/**
 * Runs one factory, bounded by the timeout and the abort signal. Whatever loses the race is cleaned up: a
 * backend that arrives after the timeout or abort is disposed, so a slow adapter does not leak a device.
 */
function createWithin<Backend extends KernelBackendV1>(
  candidate: BackendCandidate<Backend>,
  { timeoutMs, signal }: ResolveBackendOptions,
): Promise<Backend> {
  return new Promise<Backend>((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const onAbort = (): void => {
      if (finish()) reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        if (finish()) {
          reject(
            new BackendUnavailableError(candidate.name, `its factory did not finish within ${timeoutMs} ms`),
          );
        }
      }, timeoutMs);
    }
    new Promise<Backend>((inner) => inner(candidate.create())).then(
      (value) => {
        const problem = describeNonBackend(value);
        if (!finish()) {
          if (problem === undefined) void value.dispose().catch(() => undefined);
          return;
        }
        if (problem === undefined) resolve(value);
        else reject(new BackendUnavailableError(candidate.name, `${problem}, not a KernelBackendV1`));
      },
      (error: unknown) => {
        if (finish()) reject(error);
      },
    );
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
