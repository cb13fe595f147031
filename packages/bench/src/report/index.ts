export { type DemoReportData, expertsHistogram, renderDemoReport } from './demo-report-html.ts';
