/** Exact help from Z3 (in-process, wasm) for boxes that intervals cannot decide, and SMT-LIB export. */
export { decideBox, shutdownZ3, z3Context, z3Loaded, cellForm, type DecideResult, type DecideOptions, type Obligation, type Range } from './decide.js';
export { exportSmt, SmtExportError, smtRational, smtSymbol } from './smtlib.js';
export { rationalValue } from '../expr/index.js';
export {
  Translator,
  NotRationalError,
  SignUnknownError,
  intervalSignOracle,
  nonRationalPart,
  toZ3,
  z3Backend,
  attempt,
  MAX_EXPONENT,
  type Backend,
  type SignOracle,
  type TranslateResult,
  type Z3Context,
  type Z3Real,
  type Z3Bool,
} from './translate.js';
