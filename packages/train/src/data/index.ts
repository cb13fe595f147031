export {
  type ByteCorpus,
  defaultCorpusPath,
  evaluationBatches,
  loadCorpus,
  sampleBatch,
  splitCorpus,
} from './byte-corpus.ts';
