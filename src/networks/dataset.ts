/** The data-set type and its error, shared by the loaders (data.ts, mnist.ts); data.ts re-exports both. */
import { LscertError } from '../errors.js';

export type Task = 'classification' | 'halfspace' | 'mf';

export interface Dataset {
  name: string;
  /** One line: what the data is and where it came from. */
  description: string;
  n: number;
  /** Features, row-major, n × prod(xShape). For `mf` each row is the index pair [i, j]. */
  x: Float32Array;
  /** Shape of one sample: [d] vectors, [T, F] sequences, [H, W, C] images, [2] for mf. */
  xShape: number[];
  /** Class labels (classification), ±1 labels (halfspace) or matrix entries (mf). */
  y: Float32Array;
  task: Task;
  classes: number;
  /** Matrix factorization: the size of the observed matrix. */
  matrix?: { rows: number; cols: number };
}

export class DataError extends LscertError {
  constructor(message: string) {
    super('input', message);
  }
}
