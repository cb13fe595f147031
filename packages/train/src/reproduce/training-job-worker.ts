import { parentPort, workerData } from 'node:worker_threads';
import { runTrainingJob, type TrainingJob } from './training-job.ts';

/** Worker entry: runs one {@link TrainingJob} from `workerData` and posts its result (or error message). */
runTrainingJob(workerData as TrainingJob).then(
  (result) => parentPort?.postMessage({ ok: true, result }),
  (error: unknown) =>
    parentPort?.postMessage({
      ok: false,
      message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    }),
);
