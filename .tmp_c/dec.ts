import { shortDecimal, decimalInside, roundDecimal } from '../src/constants/decimal.js';
import { Rational } from '../src/exact/rational.js';
console.log(shortDecimal(3.99712, 'down', 0.001).toString(), shortDecimal(0.66612345, 'up', 1e-4).toString(), shortDecimal(-2.5e-9,'up',1e-10).toString());
console.log(decimalInside(Rational.fromNumber(0.6651), Rational.fromNumber(0.66599), 'hi', 1e-4)?.toString(), roundDecimal(Rational.fromNumber(123.456), 2, 'up').toString(), roundDecimal(Rational.fromNumber(-123.456), 2, 'down').toString());
