/**
 * Rigorous global facts about f on a box: proved non-global stationary points (universal
 * refutation of PL/Aiming) and interval branch and bound for the minimum over the box (auto S).
 */
export { krawczyk, krawczykStep, proveUniqueZero, tightenZero, type KrawczykStatus } from './krawczyk.js';
export { classifyHessian, type StationaryKind } from './classify.js';
export { findNonGlobalStationaryPoint, findWithModel, proveStationaryNear, type StationaryProof, type StationaryOptions } from './stationary.js';
export { globalMinimize, minimizeModel, type GlobalMinResult, type GlobalMinOptions, type IsolatedMinimizer } from './minimize.js';
export { SmoothModel } from './model.js';
