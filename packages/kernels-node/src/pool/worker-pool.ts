import { Worker } from 'node:worker_threads';
import { BackendLostError, BackendUnavailableError, KernelError } from '@anyk/core';
import { itemWidth, type WorkerReply, type WorkerRequest, type WorkerTask } from './worker-tasks.ts';

export interface WorkerPoolOptions {
  readonly threads: number;
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  /** Byte address of the Int32 item counter (one per pool, jobs are serialised). */
  readonly counter: number;
  /** Byte address of each worker's scratch block (`threads` entries). */
  readonly scratch: readonly number[];
}

interface WorkerSlot {
  worker: Worker;
  ready: Promise<void>;
  /** Called with the reply of the job this worker is running, or with an error when it dies. */
  onReply: ((reply: WorkerReply | Error) => void) | undefined;
}

/** Name of the worker script beside this file: `.ts` when running from sources, `.js` once built. */
function workerUrl(): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./node-worker.${extension}`, import.meta.url);
}

/**
 * A fixed set of `worker_threads` over one shared `WebAssembly.Memory`. Jobs are serialised; each job's
 * items are claimed through an atomic counter by every participating worker, and completion is a
 * message per worker. Workers are `unref()`ed while idle so a process that used the pool exits on its
 * own; `dispose()` terminates them.
 */
export class WorkerPool {
  private readonly options: WorkerPoolOptions;
  private readonly slots: WorkerSlot[] = [];
  private readonly counterView: Int32Array;
  private queue: Promise<unknown> = Promise.resolve();
  private nextJobId = 1;
  private disposed = false;

  private constructor(options: WorkerPoolOptions) {
    this.options = options;
    this.counterView = new Int32Array(options.memory.buffer, options.counter, 1);
  }

  /** Starts `threads` workers and waits until each has instantiated the kernel module. */
  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    for (let index = 0; index < options.threads; index++) pool.slots.push(pool.spawn());
    try {
      await Promise.all(pool.slots.map((slot) => slot.ready));
    } catch (error) {
      await pool.dispose();
      throw new BackendUnavailableError('node', 'a worker thread failed to start', { cause: error });
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Runs one task to completion on up to `size` workers; rejects with `KernelError` (backend `node`, kernel = the task kind) if any item fails: a trap, a thrown error or a dead worker; the pool stays usable, the next job runs on the surviving (or respawned) workers. */
  run(task: WorkerTask): Promise<void> {
    const job = this.queue.then(() => this.execute(task));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private spawn(): WorkerSlot {
    const worker = new Worker(workerUrl(), {
      workerData: { module: this.options.module, memory: this.options.memory },
    });
    worker.unref();
    const slot: WorkerSlot = { worker, ready: Promise.resolve(), onReply: undefined };
    slot.ready = new Promise<void>((resolve, reject) => {
      let started = false;
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          started = true;
          resolve();
          return;
        }
        slot.onReply?.(reply);
      });
      const fail = (error: Error): void => {
        if (!started) reject(error);
        const pending = slot.onReply;
        slot.onReply = undefined;
        pending?.(error);
        this.replace(slot);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (!this.disposed) fail(new Error(`worker exited with code ${code}`));
      });
    });
    // A rejection is observed by `create` or by the next job; never leave it unhandled.
    slot.ready.catch(() => undefined);
    return slot;
  }

  private replace(slot: WorkerSlot): void {
    if (this.disposed) return;
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    slot.worker.removeAllListeners();
    void slot.worker.terminate().catch(() => undefined);
    this.slots[index] = this.spawn();
  }

  private async execute(task: WorkerTask): Promise<void> {
    if (this.disposed) throw new BackendLostError('node', 'the backend was disposed');
    const itemCount = task.items.length / itemWidth(task);
    if (itemCount === 0) return;
    const participants = this.slots.slice(0, Math.min(this.slots.length, itemCount));
    try {
      await Promise.all(participants.map((slot) => slot.ready));
    } catch (error) {
      throw new KernelError(
        'node',
        task.kind,
        new Error('a worker could not be restarted', { cause: error }),
      );
    }
    const jobId = this.nextJobId++;
    Atomics.store(this.counterView, 0, 0);
    const failures: string[] = [];
    await Promise.all(
      participants.map(
        (slot, index) =>
          new Promise<void>((resolve) => {
            slot.onReply = (reply) => {
              if (reply instanceof Error) failures.push(reply.message);
              else if (reply.type === 'ready' || reply.jobId !== jobId) return;
              else if (reply.type === 'failed') failures.push(reply.message);
              slot.onReply = undefined;
              slot.worker.unref();
              resolve();
            };
            slot.worker.ref();
            const request: WorkerRequest = {
              jobId,
              counter: this.options.counter,
              scratch: this.options.scratch[index]!,
              task,
            };
            slot.worker.postMessage(request);
          }),
      ),
    );
    if (this.disposed) throw new BackendLostError('node', 'the backend was disposed during a job');
    if (failures.length > 0) throw new KernelError('node', task.kind, new Error(failures[0]!));
  }

  /** Terminates every worker. Idempotent; later jobs reject with `BackendLostError`. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        const pending = slot.onReply;
        slot.onReply = undefined;
        pending?.(new Error('disposed'));
        slot.worker.removeAllListeners();
        await slot.worker.terminate().catch(() => undefined);
      }),
    );
  }
}
