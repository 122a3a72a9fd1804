import { problemFromText } from '../../src/problem/index.js';

/**
 * The Remark-1 family with d = 3 on [−1, 2]^3 (issue [10]): two terms of s = x1 + x2 + x3, S the
 * plane s = −1/2. α-β (2.5, 2) holds and needs some 10^4 boxes in x (`reduce: false`); (2.5, 1.95) fails.
 */
export const remark1d3 = problemFromText(
  [
    'name: remark1-d3',
    'variables: [x1, x2, x3]',
    'terms:',
    '  - "(x1 + x2 + x3)^2/((x1 + x2 + x3)^2 + 1)"',
    '  - "(x1 + x2 + x3 + 1)^2/((x1 + x2 + x3 + 1)^2 + 1)"',
    'domain: { "*": [-1, 2] }',
    'minimizers: { affine: { A: [[1, 1, 1]], b: ["-1/2"] } }',
  ].join('\n'),
  'yaml',
  'remark1-d3.yaml',
);
