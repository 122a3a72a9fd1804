/**
 * Values of the language's constants (ConstNode): π, e and algebraic roots. Every evaluator
 * reads them here, so that a new kind of constant cannot silently take another's value.
 */
import { rootEnclosure, rootFloat, rootText } from '../exact/algebraic.js';
import { Interval } from '../interval/index.js';
import type { ConstNode } from './types.js';

/** A rigorous enclosure of the constant. */
export function constInterval(c: ConstNode): Interval {
  switch (c.name) {
    case 'pi':
      return Interval.PI;
    case 'e':
      return Interval.E;
    case 'root': {
      const [lo, hi] = rootEnclosure(c.root);
      return Interval.of(lo, hi);
    }
  }
}

/** A double near the constant, for the float evaluators (never for a bound). */
export function constFloat(c: ConstNode): number {
  switch (c.name) {
    case 'pi':
      return Math.PI;
    case 'e':
      return Math.E;
    case 'root':
      return rootFloat(c.root);
  }
}

/** The constant as the expression language writes it (parses back to the same constant). */
export function constText(c: ConstNode): string {
  return c.name === 'root' ? rootText(c.root) : c.name;
}
