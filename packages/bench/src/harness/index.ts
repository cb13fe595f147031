export { type BenchCase, type PremeasuredTiming, type PreparedCase, runBenchCase } from './bench-case.ts';
export {
  type BenchReport,
  type BenchRow,
  describeError,
  errorRow,
  ratioByIndex,
  ratioOfRows,
  type ShapeValue,
} from './bench-report.ts';
export type { BenchSuite, SuiteContext, SuiteResult } from './bench-suite.ts';
export { type AdapterInfo, describeMachine, formatMachine, type MachineInfo } from './machine-info.ts';
export { formatMarkdownReport, formatNumber, formatShape, metricNames } from './markdown-report.ts';
export { type MeasureOptions, measureSamples } from './measure-samples.ts';
export { createProgressBar, type Progress, type ProgressStream, silentProgress } from './progress-bar.ts';
export { runBenchCasesInterleaved } from './run-interleaved.ts';
export { defaultMeasureOptions, type RunSuiteOptions, runBenchCases, runSuite } from './run-suite.ts';
export { type SampleSummary, summariseSamples } from './summarise-samples.ts';
