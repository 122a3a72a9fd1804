/**
 * Reports (issue [6]): `lscert report <problem> --out <dir>` as a library.
 *
 *   import { writeReport } from './reports/index.js';
 *   const r = await writeReport('examples/paper/ex6-saddle.yaml', 'proofs/reports/ex6-saddle', { fix: 'beta = alpha - 1' });
 *   // r.dir, r.files (report.html, report.md, report.json, *.cert.json), r.data (report.json)
 *
 * See docs/reports.md.
 */
export { writeReport, ReportOutputError, type WrittenReport } from './write.js';
export { buildReport, ReportUsageError, userClaims, type BuiltReport, type ReportPlot } from './compute.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export {
  REPORT_DEFAULTS,
  type ReportData,
  type ReportOptions,
  type VerdictRow,
  type CounterexampleDetail,
  type ProblemFacts,
  type Fact,
  type Quantity,
  type SliceInfo,
  type PlotInfo,
  type StationaryPoint,
  type Range,
} from './types.js';
