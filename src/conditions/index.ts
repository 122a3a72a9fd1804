/** The conditions layer: residuals of α-β, PL, Aiming and QCvx built from a problem. */
export { objective } from './objective.js';
export { CONDITIONS, claimConstants, claimProblem, type Claim, type ConditionName } from './claim.js';
export { projectionModel, affineProjection, UnsupportedError, type ProjectionModel } from './projection.js';
export { buildResiduals, domainCentre, termMinimumSlot, type ResidualSystem, type ResidualCase, type Slot } from './residuals.js';
export { checkProjectionMap } from './mapCheck.js';
