import { BackendLostError, BackendUnavailableError, KernelError } from '@anyk/core';
import type { KernelPool, KernelPoolOptions } from './kernel-pool.ts';
import { itemWidth, type WorkerReply, type WorkerRequest, type WorkerTask } from './worker-tasks.ts';

/** One thread of a {@link ThreadPool}, as its platform adapter drives it. */
export interface PoolThread {
  post(request: WorkerRequest): void;
  /** Whether a job is running on it (Node keeps the process alive only then; browsers ignore it). */
  hold(busy: boolean): void;
  /** Ends the thread without reporting it: the pool already knows. */
  terminate(): Promise<void>;
}

/** What a thread reports to its pool. */
export interface PoolThreadEvents {
  message(reply: WorkerReply): void;
  /** The thread died or could not start (an error event, an exit, a script that failed to load). */
  failure(error: Error): void;
}

/** Starts one thread (Node `worker_threads`, a Web Worker) wired to `events`. */
export type SpawnPoolThread = (events: PoolThreadEvents) => PoolThread;

interface ThreadSlot {
  thread: PoolThread;
  ready: Promise<void>;
  /** Called with the reply of the job this thread is running, or with an error when it dies. */
  onReply: ((reply: WorkerReply | Error) => void) | undefined;
}

/**
 * A fixed set of threads over one shared `WebAssembly.Memory`, whatever starts them. Jobs are serialised;
 * each job's items are claimed through an atomic counter by every participating thread, and completion
 * is a message per thread. A thread that dies fails the job it was in (`KernelError`) and is replaced.
 */
export class ThreadPool implements KernelPool {
  private readonly options: KernelPoolOptions;
  private readonly spawnThread: SpawnPoolThread;
  private readonly slots: ThreadSlot[] = [];
  private readonly counterView: Int32Array;
  private readonly backendName: string;
  private queue: Promise<unknown> = Promise.resolve();
  private nextJobId = 1;
  private disposed = false;

  private constructor(options: KernelPoolOptions, spawnThread: SpawnPoolThread) {
    this.options = options;
    this.spawnThread = spawnThread;
    this.backendName = options.backendName ?? 'node';
    this.counterView = new Int32Array(options.memory.buffer, options.counter, 1);
  }

  /**
   * Starts `threads` threads and waits until each has instantiated the kernel module; rejects with
   * `BackendUnavailableError` when one fails, or when they are not all up after `startTimeoutMs` (a
   * worker script that never loads must not hang the caller).
   */
  static async create(
    options: KernelPoolOptions,
    spawnThread: SpawnPoolThread,
    startTimeoutMs?: number,
  ): Promise<ThreadPool> {
    const pool = new ThreadPool(options, spawnThread);
    for (let index = 0; index < options.threads; index++) pool.slots.push(pool.spawn());
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const started = Promise.all(pool.slots.map((slot) => slot.ready));
      const limit =
        startTimeoutMs === undefined
          ? new Promise<never>(() => undefined)
          : new Promise<never>((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`the workers did not start within ${startTimeoutMs} ms`)),
                startTimeoutMs,
              );
            });
      await Promise.race([started, limit]);
    } catch (error) {
      await pool.dispose();
      throw new BackendUnavailableError(pool.backendName, 'a worker thread failed to start', {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  run(task: WorkerTask): Promise<void> {
    const job = this.queue.then(() => this.execute(task));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private spawn(): ThreadSlot {
    const slot: ThreadSlot = {
      thread: undefined as unknown as PoolThread,
      ready: Promise.resolve(),
      onReply: undefined,
    };
    slot.ready = new Promise<void>((resolve, reject) => {
      let started = false;
      slot.thread = this.spawnThread({
        message: (reply) => {
          if (reply.type === 'ready') {
            started = true;
            resolve();
            return;
          }
          slot.onReply?.(reply);
        },
        failure: (error) => {
          if (this.disposed) return;
          if (!started) reject(error);
          this.fail(slot, error);
        },
      });
    });
    // A rejection is observed by `create` or by the next job; never leave it unhandled.
    slot.ready.catch(() => undefined);
    return slot;
  }

  /** Fails the job `slot` was running and starts a replacement thread. */
  private fail(slot: ThreadSlot, error: Error): void {
    const pending = slot.onReply;
    slot.onReply = undefined;
    pending?.(error);
    if (this.disposed) return;
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    void slot.thread.terminate().catch(() => undefined);
    this.slots[index] = this.spawn();
  }

  private async execute(task: WorkerTask): Promise<void> {
    if (this.disposed) throw new BackendLostError(this.backendName, 'the backend was disposed');
    const itemCount = task.items.length / itemWidth(task);
    if (itemCount === 0) return;
    const participants = this.slots.slice(0, Math.min(this.slots.length, itemCount));
    try {
      await Promise.all(participants.map((slot) => slot.ready));
    } catch (error) {
      throw new KernelError(
        this.backendName,
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
              slot.thread.hold(false);
              resolve();
            };
            slot.thread.hold(true);
            const request: WorkerRequest = {
              jobId,
              counter: this.options.counter,
              scratch: this.options.scratch[index]!,
              task,
            };
            slot.thread.post(request);
          }),
      ),
    );
    if (this.disposed) throw new BackendLostError(this.backendName, 'the backend was disposed during a job');
    if (failures.length > 0) throw new KernelError(this.backendName, task.kind, new Error(failures[0]!));
  }

  async crashWorker(index: number): Promise<void> {
    const slot = this.slots[index];
    if (!slot) return;
    await slot.thread.terminate();
    this.fail(slot, new Error(`worker ${index} was terminated`));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        const pending = slot.onReply;
        slot.onReply = undefined;
        pending?.(new Error('disposed'));
        await slot.thread.terminate().catch(() => undefined);
      }),
    );
  }
}
