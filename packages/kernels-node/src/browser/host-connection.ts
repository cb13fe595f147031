import { BackendLostError, BackendUnavailableError, type MemoryReportV1 } from '@anyk/core';
import type { MultiplyAddMode } from '../wasm/gemm-kernels.ts';
import type { HostCall, HostMessage, PageMessage } from './browser-cpu-messages.ts';
import { fromWorkerError } from './worker-error.ts';

const backendName = 'browser-cpu';

/** The page end of the message port: numbered calls, their replies, the last memory report. */
export class HostConnection {
  readonly multiplyAdd: MultiplyAddMode;
  readonly threads: number;
  memory: MemoryReportV1;
  /** Set once the worker is gone (disposed, died): every later call rejects with it. */
  lost: BackendLostError | undefined;
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: unknown): void }
  >();
  private nextCallId = 1;

  private constructor(worker: Worker, ready: Extract<HostMessage, { type: 'ready' }>) {
    this.worker = worker;
    this.multiplyAdd = ready.multiplyAdd;
    this.threads = ready.threads;
    this.memory = ready.memory;
    worker.onmessage = (event: MessageEvent<HostMessage>) => this.receive(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.lose(`its worker failed: ${event.message || 'an uncaught error'}`);
    };
  }

  /** Starts the host and waits for `ready` (or its failure, or the timeout: never a hang). */
  static open(
    worker: Worker,
    init: Extract<PageMessage, { type: 'init' }>,
    timeoutMs: number,
  ): Promise<HostConnection> {
    return new Promise<HostConnection>((resolve, reject) => {
      const fail = (reason: string, cause?: unknown): void => {
        clearTimeout(timer);
        worker.terminate();
        reject(new BackendUnavailableError(backendName, reason, cause === undefined ? undefined : { cause }));
      };
      const timer = setTimeout(() => fail(`its worker did not start within ${timeoutMs} ms`), timeoutMs);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        fail(`its worker failed to load: ${event.message || 'the script could not be loaded'}`);
      };
      worker.onmessage = (event: MessageEvent<HostMessage>) => {
        const message = event.data;
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(new HostConnection(worker, message));
        } else if (message.type === 'init-failed') {
          const cause = fromWorkerError(message.error);
          fail(`its worker could not start the kernels: ${cause.message}`, cause);
        }
      };
      worker.postMessage(init satisfies PageMessage);
    });
  }

  post(message: PageMessage): void {
    if (this.lost) throw this.lost;
    this.worker.postMessage(message);
  }

  call(call: HostCall): Promise<unknown> {
    if (this.lost) return Promise.reject(this.lost);
    const callId = this.nextCallId++;
    return new Promise((resolve, reject) => {
      this.pending.set(callId, { resolve, reject });
      this.worker.postMessage({ type: 'call', callId, ...call } satisfies PageMessage);
    });
  }

  /** Ends the worker; pending and later calls reject with `BackendLostError` giving `reason`. */
  lose(reason: string): void {
    if (this.lost) return;
    this.lost = new BackendLostError(backendName, reason);
    this.worker.terminate();
    this.memory = { bytesInUse: 0, bytesPooled: 0 };
    for (const { reject } of this.pending.values()) reject(this.lost);
    this.pending.clear();
  }

  private receive(message: HostMessage): void {
    if (message.type !== 'result' && message.type !== 'error') return;
    const waiting = this.pending.get(message.callId);
    this.pending.delete(message.callId);
    this.memory = message.memory;
    if (message.type === 'result') waiting?.resolve(message.value);
    else waiting?.reject(fromWorkerError(message.error));
  }
}
