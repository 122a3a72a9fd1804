/** The expression layer: the only user of mathjs. */
export type { Expr, FnName, ConstName, ConstNode, NumNode, VarNode, CallNode } from './types.js';
export { FN_ARITY, USER_FUNCTIONS, KINK_FUNCTIONS } from './types.js';
export * as build from './build.js';
export { parseExpr, parseConstant, ExprError, ExprLimitError, literalTooLong, RESERVED_NAMES, type ParseScope } from './parse.js';
export { exprLimitProblem, bitLength, children, MAX_EXACT_BITS, MAX_EXACT_DIGITS, MAX_EXPR_DEPTH, MAX_EXPR_NODES } from './limits.js';
export { toText, toLatex, structuralKey, listNames, MAX_LISTED_NAMES } from './print.js';
export { derivative, gradient, hessian, hessianOfGradient } from './derivative.js';
export { rationalValue, simplify, SimplifyTimeout, type SimplifyOptions } from './simplify.js';
export { compileFloat, compileInterval, type FloatEvaluator, type IntervalEvaluator } from './compile.js';
export { CompileTimeout } from './interval-codegen.js';
export { interpretInterval, encloseConstant } from './interpret.js';
export { constInterval, constFloat, constText } from './constants.js';
export { domainGuards, kinkGuards, type DomainGuard, type KinkSite } from './kinks.js';
export { substitute, freeVariables } from './substitute.js';
export { proveInvariance, canonicalForm } from './symmetry.js';
export {
  affineOf,
  linearFormsOf,
  rowEchelon,
  changeOfVariables,
  linearStructure,
  reduceExpr,
  reduceForms,
  linearImage,
  formText,
  type AffineForm,
  type LinearStructure,
} from './linear.js';
