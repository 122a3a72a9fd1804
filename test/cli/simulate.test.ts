import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lscert, ROOT } from '../helpers/cli.js';

/** The paper's catalogue (examples/paper/catalogue.json): an example by its id. */
interface CatalogueCheck {
  condition: string;
  alpha?: string;
  beta?: string;
  expect: string;
}
const CATALOGUE = JSON.parse(readFileSync(join(ROOT, 'examples', 'paper', 'catalogue.json'), 'utf8')) as {
  examples: { id: string; title: string; problem: string; checks: CatalogueCheck[] }[];
};
function example(id: string): { file: string; alpha: string; beta: string } {
  const e = CATALOGUE.examples.find((x) => x.id === id)!;
  // The certified α-β claim of the catalogue with the smallest α: the tightest bound it offers.
  const c = e.checks.filter((k) => k.condition === 'alpha-beta' && k.expect === 'certified').sort((a, b) => Number(a.alpha) - Number(b.alpha))[0]!;
  return { file: join(ROOT, 'examples', 'paper', e.problem), alpha: c.alpha!, beta: c.beta! };
}

describe('lscert simulate (issue [11] §4)', () => {
  for (const [id, optimizer] of [
    ['1', 'sgd'],
    ['6', 'sgd'],
    ['6', 'ngn'],
  ] as const) {
    it(`Example ${id} (${optimizer}): the simulated min_k E[f(x_k) − f*] never exceeds the bound beyond the band`, () => {
      const ex = example(id);
      const r = lscert(['simulate', ex.file, '--optimizer', optimizer, '--alpha', ex.alpha, '--beta', ex.beta, '--seeds', '100', '--K', '500', '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const j = r.json();
      expect(j).toMatchObject({ command: 'simulate', optimizer, firstViolation: null, violations: [] });
      expect(j.statement).toMatch(/not a proof/);
      expect(j.constants.how).toMatch(/certified on the box by check\(\)/);
      expect(j.rows.length).toBeGreaterThan(3);
      for (const row of j.rows) {
        expect(row.bound).toBeGreaterThan(0);
        expect(row.violation).toBe(false);
        expect(row.band[0]).toBeLessThanOrEqual(row.bound);
        expect(row.band[0]).toBeLessThanOrEqual(row.observed);
        expect(row.observed).toBeLessThanOrEqual(row.band[1]);
      }
      if (optimizer === 'ngn') {
        expect(j.ngnBetaTerm.rows.length).toBe(j.rows.length);
        for (const n of j.ngnBetaTerm.rows) expect(n.mainText).toBeGreaterThan(n.appendix);
      }
    });
  }

  it('writes the plot (SVG) and says which runs left the box', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lscert-simulate-'));
    const svg = join(dir, 'ex1.svg');
    const ex = example('1');
    const r = lscert([
      'simulate',
      ex.file,
      '--optimizer',
      'sps',
      '--alpha',
      ex.alpha,
      '--beta',
      ex.beta,
      '--seeds',
      '50',
      '--K',
      '200',
      '--x0',
      'x=3,y=3',
      '--plot',
      svg,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/not a proof/);
    expect(r.stdout).toMatch(/with sps-max/); // `sps` is an alias of sps-max
    expect(r.stdout).toMatch(/left box/);
    expect(r.stderr).toMatch(/plot written to/);
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg')).toBe(true);
    expect(readdirSync(dir)).toEqual(['ex1.svg']); // atomic write: no temp file left
  });

  it('refuses constants that are not certified (exit 65) and bad flags (exit 64), with one line', () => {
    const ex = example('1');
    const refuted = lscert(['simulate', ex.file, '--optimizer', 'sgd', '--alpha', '2.5', '--beta', '1.9', '--seeds', '10', '--K', '10']);
    expect(refuted.code).toBe(65);
    expect(refuted.stderr).toMatch(/not certified/);
    expect(refuted.stderr.trim().split('\n')).toHaveLength(1);
    for (const args of [
      ['--optimizer', 'adam'],
      ['--optimizer', 'sgd', '--seeds', '1'],
      ['--optimizer', 'sgd', '--band', 'chebyshev'],
      ['--optimizer', 'sgd', '--alpha', '1'],
      ['--optimizer', 'sgd', '--bogus'],
      ['--optimizer', 'sgd', '--confidence', '1.5'],
      ['--optimizer', 'sgd', '--plot', 'out.png'],
      // A step-size flag of another optimizer (it was silently ignored).
      ['--optimizer', 'sgd', '--c', '1'],
      ['--optimizer', 'sps', '--gamma', '1'],
    ]) {
      const r = lscert(['simulate', ex.file, ...args]);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
