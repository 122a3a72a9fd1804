import { describe, expect, it } from 'vitest';
import { base, errorOf, fieldError, fromObject, withFields } from './helpers.js';

/** Expects the error's field, expression column (or none) and message fragments. */
function expectError(fields: Record<string, unknown>, field: string, column: number | undefined, ...fragments: string[]): void {
  const e = fieldError(fields);
  expect(e.field).toBe(field);
  expect(e.column).toBe(column);
  expect(e.file).toBe('p.json');
  expect(e.exitCode).toBe(65);
  expect(e.message).not.toContain('\n');
  expect(e.message.startsWith('p.json:')).toBe(true);
  expect(e.message).toContain(column === undefined ? `${field}: ` : `${field}, column ${column}: `);
  for (const f of fragments) expect(e.message).toContain(f);
}

describe('top level', () => {
  it('missing required fields', () => {
    for (const f of ['name', 'variables', 'domain', 'minimizers']) {
      expectError({ [f]: undefined }, f, undefined, `missing required field '${f}'`);
    }
    expectError({ terms: undefined }, 'terms', undefined, "missing required field 'terms'", "or give 'template'");
  });
  it('unknown field, with a suggestion', () => {
    expectError({ termMinimum: [0, 0] }, 'termMinimum', undefined, "unknown field 'termMinimum' (did you mean 'termMinima'?)");
    expectError({ fstra: 0 }, 'fstra', undefined, "did you mean 'fstar'?");
    expectError({ zzzzzz: 0 }, 'zzzzzz', undefined, "unknown field 'zzzzzz'; allowed fields are name,");
  });
  it('not a mapping', () => {
    const e = errorOf(() => fromObject([] as unknown as Record<string, unknown>));
    expect(e.message).toContain('expected a problem');
  });
  it('bad name', () => {
    expectError({ name: 'Ex_6' }, 'name', undefined, "'Ex_6' may use only lowercase letters, digits and '-' (e.g. 'ex-6')");
    expectError({ name: 12 }, 'name', undefined, 'expected a name, got the number 12');
  });
});

describe('variables', () => {
  it('must be identifiers', () => {
    expectError({ variables: ['x', '2y'] }, 'variables[1]', undefined, "'2y' is not an identifier");
    expectError({ variables: ['x', 3] }, 'variables[1]', undefined, 'expected a variable name, got the number 3');
  });
  it('no duplicates', () => {
    expectError({ variables: ['x', 'x'] }, 'variables[1]', undefined, "duplicate variable 'x' (also variables[0])");
    expectError({ variables: ['w[2]', 'w_1'], terms: ['w_0'], domain: { '*': [0, 1] } }, 'variables[1]', undefined, "duplicate variable 'w_1'");
  });
  it('no clash with functions, constants or operator words', () => {
    expectError({ variables: ['x', 'exp'] }, 'variables[1]', undefined, "'exp' is the name of a function; choose another variable name");
    expectError({ variables: ['pi', 'y'] }, 'variables[0]', undefined, "'pi' is the name of a constant");
    expectError({ variables: ['e', 'y'] }, 'variables[0]', undefined, "'e' is the name of a constant");
    expectError({ variables: ['x', 'mod'] }, 'variables[1]', undefined, "'mod' is an operator word");
  });
  it('at least one', () => {
    expectError({ variables: [] }, 'variables', undefined, 'at least one variable is needed');
  });
});

describe('terms', () => {
  it('syntax error with column', () => {
    expectError({ terms: ['x^2', 'x + * y'] }, 'terms[1]', 5, 'syntax error');
  });
  it('unknown variable with column and the list of variables', () => {
    expectError({ terms: ['x^2', 'x + y*z'] }, 'terms[1]', 7, "unknown variable 'z' (variables are x, y)");
  });
  it('unknown function with column', () => {
    expectError({ terms: ['x^2 + foo(y)'] }, 'terms[0]', 7, "unknown function 'foo'");
  });
  it('wrong arity', () => {
    expectError({ terms: ['x^2', 'exp(x, y)'] }, 'terms[1]', 1, 'exp takes 1 argument, got 2');
  });
  it('empty list, or not text', () => {
    expectError({ terms: [] }, 'terms', undefined, 'at least one term is needed');
    expectError({ terms: ['x', ['y']] }, 'terms[1]', undefined, 'expected an expression (a string), got a list');
  });
});

describe('domain', () => {
  it('lo > hi', () => {
    expectError({ domain: { x: [3, -2], y: [0, 1] } }, 'domain.x', undefined, 'lower bound 3 is greater than upper bound -2');
    expectError({ domain: { x: [0, 1], y: ['sqrt(2)', '7/5'] } }, 'domain.y', undefined, 'greater than upper bound 7/5');
  });
  it('non-finite bounds', () => {
    expectError({ domain: { x: [0, '1/0'], y: [0, 1] } }, 'domain.x[1]', undefined, "'1/0' is not a finite real number");
    expectError({ domain: { x: [0, 1], y: ['log(-1)', 1] } }, 'domain.y[0]', undefined, 'is not a finite real number');
    expectError({ domain: { x: [0, 'inf'], y: [0, 1] } }, 'domain.x[1]', 1, "unknown symbol 'inf'");
  });
  it('missing or extra variable', () => {
    expectError({ domain: { x: [0, 1] } }, 'domain', undefined, "variable 'y' has no bounds");
    expectError({ domain: { x: [0, 1], y: [0, 1], z: [0, 1] } }, 'domain.z', undefined, "'z' is not a variable (variables are x, y)");
    expectError({ domain: { x: [0, 1], Y: [0, 1] } }, 'domain.Y', undefined, "did you mean 'y'?");
  });
  it('bad pair', () => {
    expectError({ domain: { x: [0, 1, 2], y: [0, 1] } }, 'domain.x', undefined, 'expected [lo, hi], got a list of 3');
    expectError({ domain: { x: '0:1', y: [0, 1] } }, 'domain.x', undefined, 'expected [lo, hi]');
  });
});

describe('minimizers', () => {
  it('exactly one form', () => {
    expectError({ minimizers: {} }, 'minimizers', undefined, 'give exactly one of points, affine, projection, implicit or auto: true');
    expectError({ minimizers: { points: [[0, 0]], auto: true } }, 'minimizers', undefined, 'got points and auto');
    expectError({ minimizers: { pionts: [[0, 0]] } }, 'minimizers.pionts', undefined, "did you mean 'points'?");
    expectError({ minimizers: { auto: false } }, 'minimizers.auto', undefined, 'must be true');
  });
  it('a symmetry for auto: one expression per variable, proved invariant, never assumed', () => {
    // base terms x^2 + y^2 and (x-1)^2 + y^2: sigma = (1 - x, y) swaps them.
    expect(() => fromObject({ ...base(), minimizers: { auto: true, symmetry: ['1 - x', 'y'] } })).not.toThrow();
    expectError({ minimizers: { auto: true, symmetry: ['1 - x'] } }, 'minimizers.symmetry', undefined, 'needs one expression per variable (2: x, y), got 1');
    expectError({ minimizers: { points: [['1/2', 0]], symmetry: ['1 - x', 'y'] } }, 'minimizers.symmetry', undefined, 'is used only with auto: true');
    expectError({ minimizers: { auto: true, symmetry: ['-x', 'y'] } }, 'minimizers.symmetry', undefined, 'could not prove f(sigma(x)) = f(x)');
    expectError({ minimizers: { auto: true, symmetry: ['1 - x', 'y + 1/1000000'] } }, 'minimizers.symmetry', undefined, 'a symmetry is never assumed');
  });
  it('point of wrong dimension', () => {
    expectError(
      {
        minimizers: {
          points: [
            [0, 0],
            [0, 0, 1],
          ],
        },
      },
      'minimizers.points[1]',
      undefined,
      'point has 3 coordinates, expected 2 (x, y)',
    );
  });
  it('point provably outside the box', () => {
    expectError({ minimizers: { points: [[0, 5]] } }, 'minimizers.points[0][1]', undefined, 'y = 5 lies outside the domain [-2, 3] of y');
    expect(() => fromObject({ ...base(), minimizers: { points: [[3, '-2']] } })).not.toThrow();
  });
  it('affine shapes', () => {
    expectError({ minimizers: { affine: { A: [[1, 1]], b: [1, 2] } } }, 'minimizers.affine.b', undefined, 'has 2 entries but A has 1 row');
    expectError(
      { minimizers: { affine: { A: [[1, 1, 1]], b: [1] } } },
      'minimizers.affine.A[0]',
      undefined,
      'row has 3 entries, expected one per variable (2: x, y)',
    );
    expectError({ minimizers: { affine: { A: [], b: [] } } }, 'minimizers.affine.A', undefined, 'needs at least one row');
    expectError({ minimizers: { affine: { A: [[0, 0]], b: [1] } } }, 'minimizers.affine.A[0]', undefined, 'row of A is zero');
    expectError({ minimizers: { affine: { A: [[1, 1]] } } }, 'minimizers.affine', undefined, "missing 'b'");
  });
  it('projection arity', () => {
    expectError({ minimizers: { projection: ['x'] } }, 'minimizers.projection', undefined, 'needs one expression per variable (2: x, y), got 1');
    expectError({ minimizers: { projection: ['x', 'y + q'] } }, 'minimizers.projection[1]', 5, "unknown variable 'q'");
  });
  it('point coordinates are exact constants', () => {
    expectError({ minimizers: { points: [['x', 0]] } }, 'minimizers.points[0][0]', 1, "must be a constant, but uses the variable 'x'");
  });
});

describe('exact constants', () => {
  it('non-numeric strings', () => {
    expectError({ fstar: 'abc' }, 'fstar', 1, "unknown symbol 'abc'", '"1/5"');
    expectError({ fstar: 'x+1' }, 'fstar', 1, "must be a constant, but uses the variable 'x'");
    expectError({ fstar: '1 + y' }, 'fstar', 5, "uses the variable 'y'");
    expectError({ fstar: '1/' }, 'fstar', 3, 'syntax error');
    expectError({ fstar: true }, 'fstar', undefined, 'expected f* (a number or an exact expression string such as "1/5"), got the value true');
  });
  it('termMinima length', () => {
    expectError({ termMinima: [0] }, 'termMinima', undefined, 'has 1 value but there are 2 terms');
    expectError({ termMinima: [0, 'z'] }, 'termMinima[1]', 1, "unknown symbol 'z'");
  });
});

describe('parameters', () => {
  it('may not reference variables', () => {
    expectError({ parameters: { c: '2 + x' } }, 'parameters.c', 5, "parameters must be constants, but 'c' uses the variable 'x'");
  });
  it('may not be circular', () => {
    expectError({ parameters: { c: 'd', d: '2*c' } }, 'parameters.c', undefined, 'circular definition: c -> d -> c');
    expectError({ parameters: { c: 'c + 1' } }, 'parameters.c', undefined, 'circular definition: c -> c');
  });
  it('names are checked', () => {
    expectError({ parameters: { x: 1 } }, 'parameters.x', undefined, "'x' is both a variable and a parameter");
    expectError({ parameters: { exp: 1 } }, 'parameters.exp', undefined, "'exp' is the name of a function");
  });
  it('unknown names in a value', () => {
    expectError({ parameters: { c: 'q/2' } }, 'parameters.c', 1, "unknown symbol 'q'");
  });
});

describe('an expression with a part that provably has no value (exit 65, not a run to "inconclusive")', () => {
  it('terms, projection, implicit and template terms name the part and the reason', () => {
    const cases: [string, string][] = [
      ['1/0', '1 / 0 is undefined (division by zero)'],
      ['0/0', '0 / 0 is undefined (division by zero)'],
      ['x^2 + 1/(1-1)', '1 / (1 - 1) is undefined (division by zero)'],
      ['x/(2-2)', 'x / (2 - 2) is undefined (division by zero)'],
      ['log(-1)', 'log(-1) is undefined (the logarithm of a number ≤ 0)'],
      ['x^2 + 0*log(0)', 'log(0) is undefined (the logarithm of a number ≤ 0)'],
      ['y + log(1 - pi)', 'log(1 - pi) is undefined'],
      ['max(x, sqrt(2 - pi))', 'sqrt(2 - pi) is undefined (the square root of a negative number)'],
      ['log1p(-1)', 'log1p(-1) is undefined (log1p of a number ≤ -1)'],
      ['0^(-1)*x', '0^(-1) is undefined (zero to a negative power)'],
      ['x + (-8)^(1/3)', '(-8)^(1/3) is undefined (a negative number to a non-integer power)'],
    ];
    for (const [term, why] of cases) {
      const e = fieldError({ terms: ['x^2', term] });
      expect(e.field, term).toBe('terms[1]');
      expect(e.message, term).toContain(`terms[1]: has no value at any point: ${why}`);
    }
    expect(fieldError({ minimizers: { projection: ['x', 'log(-y^0)'] } }).field).toBe('minimizers.projection[1]');
    expect(fieldError({ minimizers: { implicit: ['x + 1/0'] } }).message).toContain('minimizers.implicit[0]: has no value at any point');
    const t = fieldError({ terms: undefined, template: { index: { i: 2 }, term: 'x^2 + log(i - 1)' } });
    expect(t.message).toMatch(/template\.term \(i=0\): has no value at any point: log\(-1\) is undefined .* in the generated term/);
  });
  it('only what is proved: real numbers beyond doubles and zeros intervals cannot prove are kept', () => {
    for (const term of [
      'x^2 + 1/exp(-1000)', // e^1000: the interval of exp(-1000) touches 0, the number does not
      'x^2 + 1/(10^(-400))',
      'x^2 + exp(1000)',
      'x^2 + 1/sin(pi)', // sin(pi) = 0, but intervals cannot prove it
      'x^2 + log(pi - pi)',
      'x^2 + 0^0 + sqrt(0) + 0^(1/2) + log1p(-1/2) + (-8)^(6/3)',
      'x^2 + 1/(x - x)',
      'log(x) + log(-x)',
    ])
      expect(() => withFields({ terms: [term] }), term).not.toThrow();
  });
});
