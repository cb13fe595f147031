export { arithmeticText } from './arithmetic-text.ts';
export {
  type ByteCorpus,
  defaultCorpusPath,
  evaluationBatches,
  loadCorpus,
  sampleBatch,
  splitCorpus,
} from './byte-corpus.ts';
export {
  type DifficultyTask,
  type DifficultyTaskName,
  difficultyTaskNames,
  difficultyTaskPaths,
  loadDifficultyTasks,
  mixDifficultyTasks,
} from './difficulty-tasks.ts';
