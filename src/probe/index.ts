/**
 * Probing (issue [5]): a fast-check-driven search for counterexamples. Heuristics propose,
 * `verifyWitness` (the engine's rigorous test) decides; probing never certifies.
 */
export { probe } from './probe.js';
export {
  DEFAULT_PROBE,
  freshSeed,
  resolveProbeOptions,
  type PointSource,
  type ProbeFinding,
  type ProbeOptions,
  type ProbeResult,
  type QualifiedProbeOptions,
  type TaggedPoint,
} from './types.js';
export { pointArbitrary, type PointSpace } from './arbitraries.js';
export { setupProbe, type ProbeSetup, type ProbeTarget } from './target.js';
export { Scorer } from './score.js';
export { patternSearch } from './descend.js';
export { shrinkWitness, roundSig, sigDigits } from './shrink.js';
export { nearStationaryPoints } from './stationary.js';
export { SGeometry } from './geometry.js';
export { describeCounterexample, projectionLabel } from './describe.js';
export { verifyAt, residualAt } from './verifyPoint.js';
