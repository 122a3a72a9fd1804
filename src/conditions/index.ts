/** The conditions layer: residuals of α-β, PL, Aiming and QCvx built from a problem. */
export { objective } from './objective.js';
