/** Where progress goes: a writable stream that may be a terminal. */
export interface ProgressStream {
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  write(text: string): unknown;
}

/** Reports progress of a known number of steps. */
export interface Progress {
  /** Starts (or restarts) a bar of `total` steps. */
  start(total: number, label: string): void;
  /** One step done; `label` says what runs next. */
  tick(label?: string): void;
  /** Clears the bar. */
  done(): void;
}

/** A progress reporter that prints nothing (pipes, CI logs, tests). */
export const silentProgress: Progress = { start() {}, tick() {}, done() {} };

/**
 * A one-line progress bar redrawn with `\r` on stderr. When the stream is not a terminal it stays quiet, so
 * piped output and CI logs hold only the results.
 */
export function createProgressBar(
  stream: ProgressStream = process.stderr,
  enabled = stream.isTTY === true,
): Progress {
  if (!enabled) return silentProgress;
  let total = 1;
  let completed = 0;
  let title = '';
  let current = '';
  const draw = (): void => {
    const width = 24;
    const filled = Math.round((Math.min(completed, total) / total) * width);
    const line = `${title} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${completed}/${total} ${current}`;
    const columns = Math.max((stream.columns ?? 100) - 1, 20);
    stream.write(`\r${line.slice(0, columns).padEnd(columns)}`);
  };
  return {
    start(steps, label) {
      total = Math.max(steps, 1);
      completed = 0;
      title = label;
      current = '';
      draw();
    },
    tick(label) {
      completed++;
      current = label ?? '';
      draw();
    },
    done() {
      const columns = Math.max((stream.columns ?? 100) - 1, 20);
      stream.write(`\r${' '.repeat(columns)}\r`);
    },
  };
}
