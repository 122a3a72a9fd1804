import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lscert } from '../helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lscert-emp-'));

describe('lscert empirical (built CLI)', () => {
  it('acceptance: --model mlp --seeds 2 --json reports a supported region, the heat map and the three diagnostics', () => {
    const t0 = performance.now();
    const r = lscert(['empirical', '--model', 'mlp', '--seeds', '2', '--json']);
    const wall = (performance.now() - t0) / 1000;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = r.json();
    console.log(`acceptance run: ${wall.toFixed(1)} s wall (backend ${j.backend.detail}; elapsedMs ${Math.round(j.elapsedMs)})`);
    expect(j.statement).toMatch(/not a certificate/);
    expect(j.termMinima.value).toBe(0);
    expect(j.backend.name).toBe('wasm');
    expect(j.training.seeds).toEqual([1, 2]);
    expect(j.seeds.every((s: { replayIdentical: boolean }) => s.replayIdentical)).toBe(true);
    expect(j.constraints).toBe(2 * j.seeds[0].steps);
    expect(j.region.empty).toBe(false);
    expect(j.region.polygon.length).toBeGreaterThanOrEqual(3);
    const { alpha, beta } = j.region.lp.minAlpha;
    expect(alpha).toBeGreaterThanOrEqual(beta + 0.1 - 1e-9);
    expect(j.heatmap.minT.length).toBe(41);
    expect(j.heatmap.alpha.length).toBe(41);
    const d = j.diagnostics;
    expect(d.angleDeg.points).toBeGreaterThan(10);
    expect(Object.keys(d.pl)).toEqual(['1.00', '1.25', '1.50', '1.75', '2.00']);
    expect(d.aimingRatio.min).not.toBeNull();
    expect(d.series[0]).toHaveProperty('angle');
    expect(j.sigma2int.estimate).toBeGreaterThan(0);
  });

  it('a width sweep prints the Table-2 style table and writes the plot; another process logs the same trajectory byte for byte', () => {
    const out = tmp();
    const common = ['--model', 'mlp', '--seeds', '1', '--samples', '128', '--epochs', '3'];
    const r = lscert(['empirical', ...common, '--sweep', 'width=8,16,32', '--out', out]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const head = lines.findIndex((l) => /^width\s+steps\s+f\(x\^K\)\s+smallest α\s+β at it\s+smallest β\s+σ²_int est\.\s+β·σ²_int\s+replay/.test(l));
    expect(head).toBeGreaterThanOrEqual(0);
    expect(lines.slice(head + 2, head + 5).map((l) => l.split(/\s+/)[0])).toEqual(['8', '16', '32']);
    expect(lines.slice(head + 2, head + 5).every((l) => l.endsWith('identical'))).toBe(true);
    expect(r.stdout).toMatch(/σ²_int est\.: min over seeds of f\(x\^K\)/);
    expect(readFileSync(join(out, 'sweep.svg'), 'utf8')).toMatch(/^<svg/);
    const js = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8'));
    expect(js.rows.map((x: { value: number }) => x.value)).toEqual([8, 16, 32]);
    for (const w of [8, 16, 32])
      for (const f of ['heatmap.svg', 'heatmap.json', 'diagnostics.svg', 'trajectory.json', 'result.json'])
        expect(existsSync(join(out, `width-${w}`, f))).toBe(true);
    const svg = readFileSync(join(out, 'width-8', 'heatmap.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toMatch(/empirical, logged trajectories only/);
    expect(readFileSync(join(out, 'width-8', 'diagnostics.svg'), 'utf8')).toMatch(/Aiming fails/);

    // a second process, same setting: the logged trajectory file is identical byte for byte
    const b = tmp();
    const rb = lscert(['empirical', ...common, '--width', '8', '--out', b]);
    expect(rb.code).toBe(0);
    expect(rb.stdout).toMatch(/replay bit-identical/);
    const ta = readFileSync(join(out, 'width-8', 'trajectory.json'), 'utf8');
    expect(readFileSync(join(b, 'trajectory.json'), 'utf8')).toBe(ta);
    expect(JSON.parse(ta).seeds[0].c.length).toBe(3 * 4); // 128 samples / batch 32 = 4 steps per epoch
  });

  it('bad flags exit 64; an unavailable forced backend or a diverged run exit 65; one line each', () => {
    const cases: [string[], number, RegExp][] = [
      [['--model', 'resnet', '--sweep', 'width=1'], 64, /--model must be one of mlp, cnn, lstm, transformer, halfspace, mf/],
      [['--model', 'cnn', '--data', 'gaussian'], 64, /--model cnn needs images or sequences/],
      [['--backend', 'webgpu'], 65, /backend 'webgpu' is not available/],
      [['--lr', '1e30', '--samples', '64'], 65, /training diverged \(seed 1, step \d+: loss or gradient not finite with lr 1e\+30\); lower --lr/],
    ];
    for (const [args, code, msg] of cases) {
      const r = lscert(['empirical', ...args, '--epochs', '1', '--seeds', '1']);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
      expect(r.stdout).toBe('');
    }
  });
});
