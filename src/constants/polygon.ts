/** Convex polygons in the (α, β) plane, in floats (for display and for choosing candidates only). */
export type Pt = readonly [number, number];

/** A half-plane p·(a, −b) ≤ c, i.e. α·a − β·b ≤ c. */
export interface HalfPlane {
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

/** Clips a convex polygon (vertices in order) by α·a − β·b ≤ c (Sutherland–Hodgman). */
export function clip(poly: readonly Pt[], h: HalfPlane): Pt[] {
  const f = (p: Pt) => p[0] * h.a - p[1] * h.b - h.c;
  const out: Pt[] = [];
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i]!;
    const q = poly[(i + 1) % poly.length]!;
    const fp = f(p);
    const fq = f(q);
    if (fp <= 0) out.push(p);
    if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {
      const s = fp / (fp - fq);
      out.push([p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])]);
    }
  }
  return dedupe(out);
}

function dedupe(poly: Pt[]): Pt[] {
  const scale = Math.max(1e-300, ...poly.map((p) => Math.max(Math.abs(p[0]), Math.abs(p[1]))));
  return poly.filter((p, i) => {
    const q = poly[(i + 1) % poly.length]!;
    return poly.length === 1 || Math.hypot(p[0] - q[0], p[1] - q[1]) > 1e-12 * scale;
  });
}

/** The window of the plane: 0 ≤ β ≤ α ≤ αmax (α > β is strict in the definition; the closure is drawn). */
export function windowPolygon(alphaMax: number): Pt[] {
  return [
    [0, 0],
    [alphaMax, 0],
    [alphaMax, alphaMax],
  ];
}

/** The convex hull (counter-clockwise, Andrew's monotone chain). */
export function hull(points: readonly Pt[]): Pt[] {
  const pts = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  if (pts.length < 3) return pts;
  const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Pt[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Pt[] = [];
  for (const p of [...pts].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}
