export {
  byteLabel,
  type DemoReportData,
  expertsHistogram,
  expertsOverLayers,
  pearsonCorrelation,
  renderDemoReport,
  type SyntheticReportWorkload,
  type TextReportWorkload,
} from './demo-report-html.ts';
