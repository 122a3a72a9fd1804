import { compileInterval, gradient, hessian, kinkGuards, proveInvariance, simplify, type Expr, type IntervalEvaluator } from '../expr/index.js';
import { kernel } from '../interval/index.js';
import { CertDecodeError } from './canonical.js';

/**
 * The checker's re-verification of a computed S (`minimizers: auto`): the certificate's
 * `minimizers` proof says S, the set of minimizers of f over the box, is k points p_a, and
 * slots a·d … a·d+d−1 enclose p_a (k > 1 only with the problem's declared symmetry σ). Independent of the engine (own Krawczyk, own tree walk); it shares
 * only the expression layer (derivatives, compiled interval evaluators) and the kernel.
 *
 * The exact domain X may have irrational bounds: O ⊇ X ⊇ I are the checker's own float boxes
 * around it (cert/domain.ts). "Interior" below means the interior of I (so of X); the tree's
 * root is O.
 *
 * Argument (all interval arithmetic outward-rounded; NaN/∞ fail):
 * 1. Each X_a = `regions[a]` lies in the interior of I, f has no kink on X_a and is
 *    finite there; K(X) ⊆ interior(X) for the Krawczyk operator K(X) = c − Y∇f(c) +
 *    (I − Y·H(X))(X − c) (any float Y): ∇f has exactly one zero p_a in X_a, and p_a lies in
 *    every K ← K(K) ∩ K; one of these boxes lies inside the slot box Z_a, so p_a ∈ Z_a.
 *    With k > 1: f∘σ ≡ f is re-proved symbolically (proveInvariance) and σ(Z_a) ⊆ X_next(a)
 *    with `next` one cycle, so the minimizers among the p_a are all of them (engine/autoS.ts).
 * 2. U = upper bound of f at the point `upper`, which lies in I ⊆ X: min over X of f ≤ U.
 * 3. The tree's leaves tile O ⊇ X (the walk rebuilds every box from the root), and each
 *    leaf B is 'region' (B inside some X_a), 'bound' (lower bound of f on B > U, by the natural extension
 *    or the mean value form f(c) + ∇f(B)·(B − c) when f is smooth on B), or j (B inside the
 *    interior of I, f smooth on B and 0 ∉ ∂f/∂x_j(B): no stationary point in B).
 * Hence every minimizer of f over X lies in some X_a ⊆ interior(X), so it is stationary, hence
 * p_a; with the cycle, S = {p_a}, p_a ∈ Z_a.
 */
export class MinimizerChecker {
  private readonly fg: IntervalEvaluator;
  private readonly grad: IntervalEvaluator;
  private readonly hess: IntervalEvaluator;
  private readonly guards: IntervalEvaluator | null;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  readonly reasons: string[] = [];
  leaves = 0;

  constructor(
    f: Expr,
    private readonly d: number,
  ) {
    const simp = (e: Expr) => simplify(e, { expand: false });
    const g = gradient(f, d).map(simp);
    this.fg = compileInterval([f, ...g]);
    this.grad = compileInterval(g);
    this.hess = compileInterval(hessian(f, d, simp).flat());
    const k = kinkGuards(f).map((s) => s.guard);
    this.guards = k.length ? compileInterval(k) : null;
    const n = Math.max(d * d, d + 1, k.length, 1);
    this.lo = new Float64Array(n);
    this.hi = new Float64Array(n);
  }

  /**
   * Verifies the proof; returns the reasons it fails (empty: S = {p_a}, p_a in the slot box
   * `Z[a]`). Several points need the problem's symmetry σ (`sym.sigma`), re-proved here.
   */
  verify(
    proof: unknown,
    boxes: { outer: Bx; inner: Bx },
    Z: readonly { lo: readonly number[]; hi: readonly number[] }[],
    sym: { terms: readonly Expr[]; sigma: readonly Expr[] | null },
  ): string[] {
    const inner = boxes.inner;
    const d = this.d;
    if (!isObj(proof) || !Array.isArray(proof.regions)) return ['minimizers: expected { regions, upper, tree } (S is computed: the certificate must prove it)'];
    if (proof.regions.length !== Z.length) return [`minimizers.regions: expected ${Z.length} regions (one per point of S)`];
    const regions = proof.regions.map((r, a) => box(r, d, `minimizers.regions[${a}]`));
    const u = proof.upper;
    if (!Array.isArray(u) || u.length !== d || !u.every((v) => typeof v === 'number' && Number.isFinite(v)))
      return [`minimizers.upper: expected ${d} finite numbers`];
    const upper = u as number[];
    const out: string[] = [];
    regions.forEach((X, a) => {
      if (!X.lo.every((l, j) => l > inner.lo[j]! && X.hi[j]! < inner.hi[j]!))
        out.push(
          `minimizers.regions[${a}]: not inside the interior of the domain (its inner float box ${show(inner)}): a minimizer there may lie on the boundary or outside`,
        );
    });
    if (!upper.every((v, j) => v >= inner.lo[j]! && v <= inner.hi[j]!))
      out.push(`minimizers.upper: not a point of the domain (its inner float box ${show(inner)})`);
    if (out.length) return out;
    // 1. Uniqueness in each region, and its zero inside the slot box.
    for (const [a, X] of regions.entries()) {
      const why = this.zeroIn(X, Z[a]!);
      if (why) return [`minimizers.regions[${a}]: ${why}`];
    }
    // 1b. Several points: σ leaves f invariant and permutes them in one cycle.
    if (regions.length > 1) {
      if (!sym.sigma) return ['minimizers: several points of S need a declared symmetry'];
      if (!proveInvariance(sym.terms, sym.sigma)) return ['minimizers.symmetry: f(sigma(x)) = f(x) is not proved'];
      const sigma = compileInterval([...sym.sigma]);
      const next: number[] = [];
      for (const z of Z) {
        sigma.eval([...z.lo], [...z.hi], this.lo, this.hi);
        const b = regions.findIndex((R) => R.lo.every((l, j) => l <= this.lo[j]! && this.hi[j]! <= R.hi[j]!));
        if (b < 0) return ['minimizers.symmetry: the image of a point of S lies in no region'];
        next.push(b);
      }
      let a = 0;
      for (let n = 1; n < regions.length; n++) {
        a = next[a]!;
        if (a === 0) return ['minimizers.symmetry: the symmetry does not permute the points in one cycle'];
      }
      if (next[a] !== 0) return ['minimizers.symmetry: the symmetry does not permute the points in one cycle'];
    }
    // 2. The upper bound of the minimum.
    this.fg.eval(upper, upper, this.lo, this.hi);
    const U = this.hi[0]!;
    if (!Number.isFinite(U)) return ['minimizers.upper: f is not finite there'];
    // 3. The exclusion tree.
    this.walk(proof.tree, { lo: [...boxes.outer.lo], hi: [...boxes.outer.hi] }, regions, U, inner);
    if (this.leaves === 0 && !this.reasons.length) this.reasons.push('minimizers.tree: no leaves');
    return this.reasons;
  }

  /** Krawczyk: ∇f has exactly one zero in X, and it lies in Z; else why not. */
  private zeroIn(X: Bx, Z: { lo: readonly number[]; hi: readonly number[] }): string | null {
    if (!this.smooth(X)) return 'f has a kink or is not finite there';
    const K0 = this.krawczyk(X);
    if (!K0?.lo.every((l, j) => l > X.lo[j]! && K0.hi[j]! < X.hi[j]!)) return 'the Krawczyk test does not prove a unique stationary point of f there';
    let K = K0;
    for (let it = 0; it < 40; it++) {
      if (K.lo.every((l, j) => l >= Z.lo[j]! && K.hi[j]! <= Z.hi[j]!)) return null;
      const K2 = this.krawczyk(K);
      if (!K2) break;
      const next = { lo: K.lo.map((l, j) => Math.max(l, K2.lo[j]!)), hi: K.hi.map((h, j) => Math.min(h, K2.hi[j]!)) };
      if (!next.lo.every((l, j) => l <= next.hi[j]!)) return 'Krawczyk iterates became empty (inconsistent proof)';
      K = next;
    }
    return `the slot enclosure of S does not contain the stationary point (Krawczyk narrows it to [${K.lo.join(', ')}] .. [${K.hi.join(', ')}])`;
  }

  private smooth(B: Bx): boolean {
    this.fg.eval(B.lo, B.hi, this.lo, this.hi);
    for (let k = 0; k <= this.d; k++) if (!Number.isFinite(this.lo[k]!) || !Number.isFinite(this.hi[k]!)) return false;
    if (!this.guards) return true;
    this.guards.eval(B.lo, B.hi, this.lo, this.hi);
    for (let k = 0; k < this.guards.outputs; k++) if (!(this.lo[k]! > 0 || this.hi[k]! < 0)) return false;
    return true;
  }

  private walk(t0: unknown, B0: Bx, X: readonly Bx[], U: number, inner: Bx): void {
    const stack: [unknown, Bx][] = [[t0, B0]];
    while (stack.length && this.reasons.length < 10) {
      const [t, B] = stack.pop()!;
      if (!isObj(t)) {
        this.reasons.push(`minimizers.tree: malformed node at ${show(B)}`);
        continue;
      }
      if ('s' in t) {
        const s = t.s;
        const c = t.c;
        if (
          !Array.isArray(s) ||
          s.length !== 2 ||
          !Number.isInteger(s[0]) ||
          s[0] < 0 ||
          s[0] >= this.d ||
          typeof s[1] !== 'number' ||
          !Array.isArray(c) ||
          c.length !== 2
        ) {
          this.reasons.push(`minimizers.tree: malformed split at ${show(B)}`);
          continue;
        }
        const j = s[0] as number;
        const v = s[1] as number;
        if (!(v > B.lo[j]! && v < B.hi[j]!)) {
          this.reasons.push(`minimizers.tree: split ${v} outside ${show(B)}`);
          continue;
        }
        stack.push([c[0], { lo: B.lo, hi: B.hi.map((h, k) => (k === j ? v : h)) }], [c[1], { lo: B.lo.map((l, k) => (k === j ? v : l)), hi: B.hi }]);
        continue;
      }
      this.leaves++;
      const why = this.leaf(t.l, B, X, U, inner);
      if (why) this.reasons.push(`minimizers.tree: leaf ${show(B)}: ${why}`);
    }
  }

  private leaf(l: unknown, B: Bx, X: readonly Bx[], U: number, inner: Bx): string | null {
    const d = this.d;
    if (l === 'region') return X.some((R) => B.lo.every((v, j) => v >= R.lo[j]! && B.hi[j]! <= R.hi[j]!)) ? null : 'not inside the region';
    if (l === 'bound') {
      this.fg.eval(B.lo, B.hi, this.lo, this.hi);
      if (this.lo[0]! > U) return null;
      const g = Array.from({ length: d }, (_, j) => [this.lo[j + 1]!, this.hi[j + 1]!] as const);
      if (!this.smooth(B)) return `f's lower bound ${this.lo[0]} is not above U = ${U}`;
      const c = B.lo.map((v, j) => v / 2 + B.hi[j]! / 2);
      this.fg.eval(c, c, this.lo, this.hi);
      let ml = this.lo[0]!;
      for (let j = 0; j < d; j++) {
        kernel.sub(B.lo[j]!, B.hi[j]!, c[j]!, c[j]!);
        kernel.mul(g[j]![0], g[j]![1], kernel.OUT[0]!, kernel.OUT[1]!);
        kernel.add(ml, ml, kernel.OUT[0]!, kernel.OUT[1]!);
        ml = kernel.OUT[0]!;
      }
      return ml > U ? null : `f's lower bound ${ml} is not above U = ${U}`;
    }
    if (typeof l === 'number' && Number.isInteger(l) && l >= 0 && l < d) {
      if (!B.lo.every((v, j) => v > inner.lo[j]! && B.hi[j]! < inner.hi[j]!))
        return 'a gradient leaf must lie in the interior of the domain (its inner float box)';
      if (!this.smooth(B)) return 'f has a kink or is not finite on the leaf';
      this.fg.eval(B.lo, B.hi, this.lo, this.hi);
      return this.lo[l + 1]! > 0 || this.hi[l + 1]! < 0 ? null : `∂f/∂x_${l} may vanish on the leaf`;
    }
    return `unknown leaf ${JSON.stringify(l)}`;
  }

  /** K(B) = c − Y∇f(c) + (I − Y·H(B))(B − c), c = mid B, Y ≈ H(c)⁻¹; null when not computable. */
  private krawczyk(B: Bx): Bx | null {
    const d = this.d;
    const c = B.lo.map((v, j) => v / 2 + B.hi[j]! / 2);
    this.hess.eval(c, c, this.lo, this.hi);
    const Y = inverse(
      Array.from({ length: d * d }, (_, k) => this.lo[k]! / 2 + this.hi[k]! / 2),
      d,
    );
    if (!Y) return null;
    const gLo = new Float64Array(d);
    const gHi = new Float64Array(d);
    this.grad.eval(c, c, gLo, gHi);
    this.hess.eval(B.lo, B.hi, this.lo, this.hi);
    const O = kernel.OUT;
    const kLo: number[] = [];
    const kHi: number[] = [];
    for (let i = 0; i < d; i++) {
      let al = c[i]!;
      let ah = c[i]!;
      for (let j = 0; j < d; j++) {
        kernel.mul(Y[i * d + j]!, Y[i * d + j]!, gLo[j]!, gHi[j]!);
        kernel.sub(al, ah, O[0]!, O[1]!);
        al = O[0]!;
        ah = O[1]!;
      }
      for (let k = 0; k < d; k++) {
        let ml = i === k ? 1 : 0;
        let mh = ml;
        for (let j = 0; j < d; j++) {
          kernel.mul(Y[i * d + j]!, Y[i * d + j]!, this.lo[j * d + k]!, this.hi[j * d + k]!);
          kernel.sub(ml, mh, O[0]!, O[1]!);
          ml = O[0]!;
          mh = O[1]!;
        }
        kernel.sub(B.lo[k]!, B.hi[k]!, c[k]!, c[k]!);
        kernel.mul(ml, mh, O[0]!, O[1]!);
        kernel.add(al, ah, O[0]!, O[1]!);
        al = O[0]!;
        ah = O[1]!;
      }
      if (!Number.isFinite(al) || !Number.isFinite(ah)) return null;
      kLo.push(al);
      kHi.push(ah);
    }
    return { lo: kLo, hi: kHi };
  }
}

type Bx = { readonly lo: readonly number[]; readonly hi: readonly number[] };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (B: Bx) => `[${B.lo.map((l, j) => `${l}..${B.hi[j]}`).join(', ')}]`;

function box(v: unknown, d: number, what: string): Bx {
  const ok = (a: unknown) => Array.isArray(a) && a.length === d && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!isObj(v) || !ok(v.lo) || !ok(v.hi) || !(v.lo as number[]).every((l, j) => l <= (v.hi as number[])[j]!))
    throw new CertDecodeError(`${what}: expected { lo, hi } with ${d} finite numbers each, lo <= hi`);
  return { lo: [...(v.lo as number[])], hi: [...(v.hi as number[])] };
}

/** Float Gauss–Jordan inverse with partial pivoting (only a preconditioner: any Y is sound). */
function inverse(A: number[], d: number): number[] | null {
  const M = A.slice();
  const I: number[] = Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? 1 : 0));
  for (let col = 0; col < d; col++) {
    let piv = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(M[r * d + col]!) > Math.abs(M[piv * d + col]!)) piv = r;
    const p = M[piv * d + col]!;
    if (!(Math.abs(p) > 0) || !Number.isFinite(p)) return null;
    for (let k = 0; k < d; k++) {
      [M[col * d + k], M[piv * d + k]] = [M[piv * d + k]!, M[col * d + k]!];
      [I[col * d + k], I[piv * d + k]] = [I[piv * d + k]!, I[col * d + k]!];
    }
    for (let k = 0; k < d; k++) {
      M[col * d + k]! /= p;
      I[col * d + k]! /= p;
    }
    for (let r = 0; r < d; r++) {
      if (r === col) continue;
      const q = M[r * d + col]!;
      if (q === 0) continue;
      for (let k = 0; k < d; k++) {
        M[r * d + k]! -= q * M[col * d + k]!;
        I[r * d + k]! -= q * I[col * d + k]!;
      }
    }
  }
  return I.every(Number.isFinite) ? I : null;
}
