/**
 * Certificates: `certificateFor` writes the proof of a certified check as JSON;
 * `verifyCertificate` re-checks one with code independent of the search.
 */
export { certificateFor, exactConstants, NoCertificate } from './certificate.js';
export { verifyCertificate, verifyCertificateAsync, type VerifyResult } from './checker.js';
export { NotACertificateError } from './decode.js';
export { problemFromCanonical, exprFromCanonical, CertDecodeError } from './canonical.js';
export { CERT_FORMAT, CERT_VERSION, countLeaves, type Certificate, type CertTree, type CertCaseProof, type CertSlot, type PointRef } from './format.js';
export { claimId, joinTrees, MAX_SHARDS, sameBox, shardBoxes, shardPlan, ShardPlanError, decodeShardScope, type ShardNode, type ShardScope } from './shard.js';
