/**
 * Piecewise functions with kinks: abs, relu, max, min, sign, step. All are exact (no
 * rounding: they only select, negate or compare endpoints). NaN in gives NaN out.
 */
import { OUT, setEmpty } from './out.js';

/** |[al,ah]|: [al,ah] if al ≥ 0, [−ah,−al] if ah ≤ 0, else [0, max(−al, ah)]. */
export function abs(al: number, ah: number): void {
  if (al >= 0) {
    OUT[0] = al;
    OUT[1] = ah;
  } else if (ah <= 0) {
    OUT[0] = -ah;
    OUT[1] = -al;
  } else if (al < 0 && ah > 0) {
    OUT[0] = 0;
    OUT[1] = Math.max(-al, ah);
  } else {
    setEmpty();
  }
}

/** relu[al,ah] = [max(al,0), max(ah,0)] (relu is increasing; Math.max keeps NaN). */
export function relu(al: number, ah: number): void {
  OUT[0] = Math.max(al, 0);
  OUT[1] = Math.max(ah, 0);
}

/** max([al,ah],[bl,bh]) = [max(al,bl), max(ah,bh)] (increasing in both arguments). */
export function max(al: number, ah: number, bl: number, bh: number): void {
  OUT[0] = Math.max(al, bl);
  OUT[1] = Math.max(ah, bh);
}

/** min([al,ah],[bl,bh]) = [min(al,bl), min(ah,bh)] (increasing in both arguments). */
export function min(al: number, ah: number, bl: number, bh: number): void {
  OUT[0] = Math.min(al, bl);
  OUT[1] = Math.min(ah, bh);
}

/**
 * sign[al,ah], the image of sign (−1, 0, 1) hulled: [1,1] if al > 0, [−1,−1] if ah < 0,
 * [0,0] for [0,0], [0,1] for al = 0 < ah, [−1,0] for al < 0 = ah, else [−1,1].
 */
export function sign(al: number, ah: number): void {
  if (al > 0) set(1, 1);
  else if (ah < 0) set(-1, -1);
  else if (al === 0) set(0, ah === 0 ? 0 : 1);
  else if (ah === 0) set(-1, 0);
  else if (al < 0 && ah > 0) set(-1, 1);
  else setEmpty();
}

/**
 * Heaviside step: 0 for x < 0, 1 for x > 0; its value at 0 is left open in [0,1] (it
 * appears as the derivative of relu, which has every slope in [0,1] at the kink). So
 * [0,0] if ah < 0, [1,1] if al > 0, and [0,1] whenever 0 ∈ [al,ah].
 */
export function step(al: number, ah: number): void {
  if (ah < 0) set(0, 0);
  else if (al > 0) set(1, 1);
  else if (al <= 0 && ah >= 0) set(0, 1);
  else setEmpty();
}

function set(lo: number, hi: number): void {
  OUT[0] = lo;
  OUT[1] = hi;
}
