import type { TaskFamily } from '../../types.js';
import { basicArithmetic } from './basic_arithmetic.js';
import { chainSum } from './chain_sum.js';
import { gcd } from './gcd.js';
import { lcm } from './lcm.js';
import { powerFunction } from './power_function.js';
import { primeFactorization } from './prime_factorization.js';
import { simpleEquations } from './simple_equations.js';

export { basicArithmetic, chainSum, gcd, lcm, powerFunction, primeFactorization, simpleEquations };

/** The math-domain task families. */
export const MATH_FAMILIES: readonly TaskFamily[] = [
  basicArithmetic,
  chainSum,
  simpleEquations,
  gcd,
  lcm,
  primeFactorization,
  powerFunction,
];
