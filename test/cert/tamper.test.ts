import { describe, expect, it } from 'vitest';
import { NotACertificateError, problemFromCanonical, verifyCertificate } from '../../src/cert/index.js';
import { Rational } from '../../src/exact/rational.js';
import { ab, aiming, certified, nodes, qcvx, type Mutable } from './fixtures.js';

const R = (n: number, d = 1) => Rational.of(n, d);
const ex1 = () => certified('ex1', ab(R(4), R(7, 2))).cert as Mutable;
const dw = () => certified('dw', ab(R(100), R(99))).cert as Mutable;
const x4 = () => certified('x4', ab(R(3), R(1, 2))).cert as Mutable;

/** Verifies a tampered certificate and expects a failure whose reasons match `why`. */
function rejects(cert: unknown, why: RegExp): void {
  const v = verifyCertificate(cert, { maxReasons: 1 });
  expect(v.ok).toBe(false);
  expect(v.reasons.join('\n')).toMatch(why);
}

const firstLeaf = (tree: Mutable) => nodes(tree).find((n) => n.node.leaf)!.node;

describe('a tampered tree fails', () => {
  it('the untampered fixtures verify', () => {
    for (const c of [ex1(), dw(), x4()]) expect(verifyCertificate(c).ok).toBe(true);
  });

  it('a split point outside its box', () => {
    const c = ex1();
    c.tree.split[1] = 3.5;
    rejects(c, /not strictly inside/);
  });

  it('a split point moved inside its box', () => {
    const c = ex1();
    c.tree.split[1] = -2.999;
    rejects(c, /lower bound .* < 0|not strictly inside/);
  });

  it('a split on a coordinate that does not exist, or NaN', () => {
    const c = ex1();
    c.tree.split[0] = 2;
    rejects(c, /bad split/);
    const d = ex1();
    d.tree.split[1] = 'NaN';
    rejects(d, /bad split/);
  });

  it('a missing box: a dropped subtree', () => {
    const c = ex1();
    c.tree.children = [c.tree.children[0]];
    rejects(c, /missing box/);
  });

  it('a subtree replaced by one of its leaves', () => {
    const c = ex1();
    c.tree.children[0] = firstLeaf(c.tree.children[0]);
    rejects(c, /lower bound .* < 0/);
  });

  it('the children of a split swapped', () => {
    const c = ex1();
    c.tree.children.reverse();
    rejects(c, /not strictly inside|lower bound/);
  });

  it('a changed leaf method: bounds -> not-nearest, local-convexity, z3, unknown; bad method names', () => {
    const tamper = (c: Mutable, edit: (proof: Mutable) => void) => {
      edit(firstLeaf(c.tree).leaf[0]);
      return c;
    };
    rejects(
      tamper(ex1(), (p) => (p.how = 'not-nearest')),
      /no nearest-point cells/,
    );
    rejects(
      tamper(ex1(), (p) => Object.assign(p, { how: 'local-convexity', m: 1, M: 1 })),
      /does not prove alpha-beta/,
    );
    rejects(
      tamper(ex1(), (p) => (p.how = 'z3')),
      /proved by Z3: use verifyCertificateAsync/,
    );
    rejects(
      tamper(ex1(), (p) => (p.how = 'magic')),
      /unknown proof method/,
    );
    rejects(
      tamper(ex1(), (p) => (p.methods = ['magic', 'natural'])),
      /methods must list/,
    );
  });

  it('a case proved by bounds declared not-nearest (Voronoi cells)', () => {
    const c = dw();
    const leaf = nodes(c.tree).find((n) => n.node.leaf?.some((p: Mutable) => p.how === 'bounds'))!.node;
    leaf.leaf.find((p: Mutable) => p.how === 'bounds').how = 'not-nearest';
    rejects(c, /may be nearest/);
  });

  it('a missing case proof in a leaf, and a proof for the wrong point', () => {
    const c = dw();
    firstLeaf(c.tree).leaf.pop();
    rejects(c, /one proof per case/);
    const d = dw();
    firstLeaf(d.tree).leaf[0].point = 1;
    rejects(d, /expected 0/);
  });

  it('local convexity: inflated eigenvalue bound, or another point', () => {
    const find = () => {
      const c = certified('q3', aiming(R(1))).cert as Mutable;
      return { c, proof: nodes(c.tree).find((n) => n.node.leaf?.[0].how === 'local-convexity')!.node.leaf[0] };
    };
    const a = find();
    a.proof.m *= 2;
    rejects(a.c, /recorded eigenvalue bounds/);
    const b = find();
    b.proof.point = 1;
    rejects(b.c, /expected 0/);
  });
});

describe('a changed claim or problem fails', () => {
  it('changed constants', () => {
    const c = x4();
    c.claim.constants.alpha = '5'; // alpha - beta = 9/2 > 4: false for x^4
    rejects(c, /lower bound .* < 0/);
    const d = x4();
    d.claim.constants.beta = '3';
    rejects(d, /alpha > beta/);
    const e = x4();
    e.claim.constants.alpha = '2.5';
    rejects(e, /exact rational/);
    const f = x4();
    f.claim.condition = 'pl';
    rejects(f, /claim\.constants: expected exactly the field\(s\) mu for pl/);
  });

  it('a changed term (hash mismatch), and a changed term with a recomputed hash', () => {
    const c = x4();
    c.problem.canonical.terms[0] = ['^', ['v', 0], ['n', '2']];
    rejects(c, /hash mismatch/);
    c.problem.hash = problemFromCanonical(c.problem.canonical).hash; // x^2: alpha-beta (3, 1/2) is false
    rejects(c, /lower bound .* < 0/);
  });

  it('a changed hash, name or domain', () => {
    const c = x4();
    c.problem.hash = c.problem.hash.replace(/^./, (h: string) => (h === '0' ? '1' : '0'));
    rejects(c, /hash mismatch/);
    const d = x4();
    d.problem.name = 'other';
    rejects(d, /name 'other'/);
    const e = x4();
    e.domain.hi = [2];
    rejects(e, /domain/);
  });

  it('a non-canonical problem (extra field) fails even with the right hash', () => {
    const c = x4();
    c.problem.canonical.description = 'hidden';
    rejects(c, /canonical form/);
  });

  it('tampered f_i* enclosures', () => {
    const lo = dw();
    lo.slots[0].lo = lo.slots[0].hi - 0.1; // still <= hi, but above the rigorous bound -Infinity
    rejects(lo, /above the rigorous lower bound/);
    const hi = dw();
    hi.slots[1].hi -= 0.01;
    rejects(hi, /not an upper bound/);
    const w = dw();
    w.slots[0].witness = [2];
    rejects(w, /not an upper bound/);
    const none = dw();
    none.slots[0].witness = null;
    rejects(none, /needs a witness/);
    const gone = dw();
    gone.slots.pop();
    rejects(gone, /expected 2 computed/);
    const nan = dw();
    nan.slots[0].hi = 'NaN';
    rejects(nan, /lo and hi/);
  });

  it('a tampered x* (qcvx) or point of f* (aiming)', () => {
    const c = certified('x4', qcvx(R(4))).cert as Mutable;
    c.xstar.exact = [['n', '1/2']];
    rejects(c, /exact x\*/);
    c.xstar.point = 3;
    rejects(c, /S has no point 3/);
    // The float value is informational, yet checked: it was accepted when edited (review 2026-12-08).
    const v = certified('x4', qcvx(R(4))).cert as Mutable;
    v.xstar.value = [1];
    rejects(v, /xstar\.value\[0\] = 1 is not the value of the exact x\*/);
    v.xstar.value = ['0'];
    rejects(v, /xstar\.value: expected a list of finite numbers/);
    const d = certified('q3', aiming(R(1))).cert as Mutable;
    d.fstarAt = { point: 2 };
    rejects(d, /S has no point 2/);
    d.fstarAt = null;
    rejects(d, /fstarAt: missing/);
  });

  it('something that is not a certificate throws NotACertificateError', () => {
    expect(() => verifyCertificate({})).toThrow(NotACertificateError);
    expect(() => verifyCertificate([1, 2])).toThrow(NotACertificateError);
    expect(() => verifyCertificate({ ...x4(), version: 2 })).toThrow(/unsupported certificate version/);
  });
});
