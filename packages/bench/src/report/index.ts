export {
  byteLabel,
  type DemoReportData,
  expertsHistogram,
  expertsOverLayers,
  renderDemoReport,
  type SyntheticReportWorkload,
  type TextReportWorkload,
} from './demo-report-html.ts';
