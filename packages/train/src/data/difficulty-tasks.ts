import { arithmeticText } from './arithmetic-text.ts';
import { type ByteCorpus, defaultCorpusPath, loadCorpus } from './byte-corpus.ts';

/**
 * The reproduction's tasks: KJV prose, Python source code, a shuffled dictionary word list, generated
 * arithmetic. The paper's claim ("harder tasks need more experts") is about one mean per evaluation task;
 * these four give a small byte-level model tasks whose difficulty differs clearly (top-2's validation loss
 * orders them arithmetic < prose < words < code in the quick mode: the README's per-task table).
 */
export const difficultyTaskNames = ['prose', 'code', 'words', 'arithmetic'] as const;
export type DifficultyTaskName = (typeof difficultyTaskNames)[number];

/** One task's training and validation bytes (every task gets the same amount of each). */
export interface DifficultyTask {
  readonly task: DifficultyTaskName;
  readonly train: Uint8Array;
  readonly validation: Uint8Array;
}

/** Where the stored tasks come from (data/README.md gives sources and licences). */
export const difficultyTaskPaths = {
  prose: defaultCorpusPath,
  code: new URL('../../data/python-code.txt.gz', import.meta.url),
  words: new URL('../../data/words.txt.gz', import.meta.url),
} as const;

/** Bytes of generated arithmetic (90% train, 10% validation), about the size of the stored tasks. */
const arithmeticBytes = 200_000;
/** Seed of the arithmetic generator: the task's text is the same on every run. */
const arithmeticSeed = 19;
/** Validation share of the tasks without a fixed split of their own (the KJV keeps its 95/5 split). */
const validationFraction = 0.1;

/**
 * The four tasks, each cut to the same number of training bytes and of validation bytes (the smallest
 * task's), so their mix weighs them equally. Prose keeps the KJV's own split (its validation is the start
 * of the end of the New Testament, as before); the others hold out their last 10%.
 */
export function loadDifficultyTasks(): DifficultyTask[] {
  const split = (task: DifficultyTaskName): ByteCorpus => {
    if (task === 'prose') return loadCorpus(difficultyTaskPaths.prose);
    if (task === 'arithmetic') {
      const bytes = arithmeticText(arithmeticBytes, arithmeticSeed);
      const cut = Math.floor(bytes.length * (1 - validationFraction));
      return { train: bytes.subarray(0, cut), validation: bytes.subarray(cut) };
    }
    return loadCorpus(difficultyTaskPaths[task], 1 - validationFraction);
  };
  const corpora = difficultyTaskNames.map((task) => ({ task, ...split(task) }));
  const trainBytes = Math.min(...corpora.map((corpus) => corpus.train.length));
  const validationBytes = Math.min(...corpora.map((corpus) => corpus.validation.length));
  return corpora.map(({ task, train, validation }) => ({
    task,
    train: train.subarray(0, trainBytes),
    validation: validation.subarray(0, validationBytes),
  }));
}

/**
 * The tasks' bytes back to back, training and validation parts apart: a trainer sampling windows
 * uniformly from `train` sees every task equally often (a window straddling two tasks is rare: one in
 * about 2,600 at 64 bytes).
 */
export function mixDifficultyTasks(tasks: readonly DifficultyTask[]): ByteCorpus {
  const concatenate = (parts: readonly Uint8Array[]): Uint8Array => {
    const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    return joined;
  };
  return {
    train: concatenate(tasks.map((task) => task.train)),
    validation: concatenate(tasks.map((task) => task.validation)),
  };
}
