import { loadProblemFile } from '../src/problem/index.js';
import { bestConstants, parseTie } from '../src/constants/index.js';
const [file, cond, fix] = process.argv.slice(2);
const p = loadProblemFile(`examples/${file}`);
for (const mb of [50, 200, 800, 3000, 12000]) {
  const t = Date.now();
  const r = await bestConstants(p, { condition: cond as any, ...(fix && { tie: parseTie(fix) }) }, { maxBoxes: mb, skipConfirm: true, samples: 128 });
  console.log(mb, r.certified, r.refuted, JSON.stringify(r.brackets.inner), r.brackets.passes.map((q) => `${q.target.toPrecision(4)}:${q.reached}:${q.boxes}`).join(' '), Date.now() - t, 'ms');
}
