import { parseTie } from '../src/constants/tie.js';
for (const t of ['beta = alpha - 1', 'beta = 0.8*alpha', 'beta=(alpha-2)/3', 'beta = alpha^2', 'alpha = 2', 'beta = 2*gamma', 'beta = 1/4', 'beta = exp(alpha)', 'beta = sqrt(2)*alpha']) {
  try { const r = parseTie(t); console.log(t, '->', r.k.toString(), r.m.toString()); } catch (e) { console.log(t, 'ERR', (e as Error).message); }
}
