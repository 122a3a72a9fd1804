/** The numeric fallback of `lscert check` for problems beyond the interval engine (issue [7], item 7). */
export { numericCheck, DEFAULT_NUMERIC, DEFAULT_NUMERIC_THRESHOLD, type EmpiricalReport, type NumericCheckResult, type NumericOptions } from './fallback.js';
export { compileTf, TfCompileError, type TfProgram } from './tfExpr.js';
export { residualBatch, type ResidualModel, type FloatProjection } from './residual.js';
export { RegionAccumulator, ConstantAccumulator, GAP, type EmpiricalRegion } from './region.js';
