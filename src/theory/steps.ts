import type { Optimizer } from './index.js';

/**
 * The step-size rules of the paper's optimizers (DOMAIN.md §4), in floats, for `simulate`.
 * One rule object per run (DecSPS keeps state between steps). At step k the sampled term f_i
 * has value `fi` and gradient norm² `g2`; `fiStar` is f_i* as a float.
 */
export interface StepParams {
  /** SGD: γ; SGD-decreasing: γ0; NGN: γ. */
  readonly gamma?: number;
  /** SPS_max and DecSPS: the cap γ_b. */
  readonly gammaB?: number;
  /** SPS_max: the constant c. */
  readonly c?: number;
}

export type StepRule = (k: number, fi: number, fiStar: number, g2: number) => number;

/** A fresh step rule for one run (see {@link StepParams}). */
export function stepRule(optimizer: Optimizer, s: StepParams): StepRule {
  switch (optimizer) {
    case 'sgd': {
      const g = need(s.gamma, 'gamma');
      return () => g;
    }
    case 'sgd-decreasing': {
      const g0 = need(s.gamma, 'gamma0');
      return (k) => g0 / Math.sqrt(k + 1); // γ_k = γ0/√(k+1)
    }
    case 'sps-max': {
      const gb = need(s.gammaB, 'gamma_b');
      const c = need(s.c, 'c');
      // γ_k = min{(f_i − f_i*)/(c‖∇f_i‖²), γ_b}; a zero gradient moves nothing, so any γ does.
      return (_k, fi, fiStar, g2) => (g2 > 0 ? Math.min(Math.max(fi - fiStar, 0) / (c * g2), gb) : gb);
    }
    case 'decsps': {
      const gb = need(s.gammaB, 'gamma_b');
      // DecSPS (Orvieto et al. 2022) with c_k = √(k+1), c_{−1}γ_{−1} = c_0γ_b = γ_b:
      // γ_k = (1/c_k)·min{(f_i − f_i*)/‖∇f_i‖², c_{k−1}γ_{k−1}}.
      let prev = gb; // c_{k−1}·γ_{k−1}
      return (k, fi, fiStar, g2) => {
        const ck = Math.sqrt(k + 1);
        const sps = g2 > 0 ? Math.max(fi - fiStar, 0) / g2 : Infinity;
        const gk = Math.min(sps, prev) / ck;
        prev = ck * gk;
        return gk;
      };
    }
    case 'ngn': {
      const g = need(s.gamma, 'gamma');
      // γ_k = γ/(1 + (γ/(2f_i))‖∇f_i‖²), which tends to 0 as f_i → 0⁺ with ∇f_i ≠ 0 (f_i > 0 assumed).
      return (_k, fi, _fiStar, g2) => (g2 === 0 ? g : fi > 0 ? g / (1 + (g / (2 * fi)) * g2) : 0);
    }
  }
}

function need(v: number | undefined, name: string): number {
  if (v === undefined || !(v > 0) || !Number.isFinite(v)) throw new RangeError(`step rule: ${name} must be a positive number, got ${v}`);
  return v;
}
