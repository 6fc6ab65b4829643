/**
 * Golden-vector conformance: the schema of `fixtures/rl-golden/` (see its README), number decoding,
 * and the comparison rule. Pure (no I/O): callers parse the JSON and hand it in.
 *
 * The rule for one case:
 *  - `expected_error` present: passes when the adapter throws a typed `RlCoreError`.
 *  - `tolerance_class` `float32_artifact` / `nan_expected`: compare against `expected_exact_math`
 *    (our implementation computes in float64, so it matches the exact math, never NaN).
 *  - otherwise compare against `expected`; elementwise `|got - exp| <= atol + rtol*|exp|`; an expected
 *    NaN needs a NaN, an expected ±Infinity exactly that value; booleans and integers exactly.
 */
import { RlCoreError } from '../errors.js';

export type ToleranceClass = 'standard' | 'float32_artifact' | 'nan_expected';

export interface Tolerance {
  rtol: number;
  atol: number;
}

/** One case, as stored. Family-specific keys (`inputs`, `params`, `n`, `steps`, ...) are read by adapters. */
export interface GoldenCase {
  id: string;
  fn?: string;
  description?: string;
  shape?: number[];
  inputs?: Record<string, unknown>;
  params?: Record<string, unknown>;
  expected?: unknown;
  expected_error?: { type: string; message: string };
  expected_exact_math?: unknown;
  tolerance?: Tolerance;
  tolerance_class?: ToleranceClass;
  [key: string]: unknown;
}

export interface GoldenFile {
  family: string;
  set?: string;
  cases: GoldenCase[];
  [key: string]: unknown;
}

/**
 * Runs one case through rl-core and returns outputs shaped like the case's expected block (same keys;
 * arrays may be flat typed arrays), or throws for inputs the reference rejects.
 */
export type GoldenAdapter = (c: GoldenCase) => unknown;

export interface CaseResult {
  id: string;
  family: string;
  passed: boolean;
  /** Human-readable reasons for a failure (empty when passed). */
  problems: string[];
}

const DEFAULT_TOL: Tolerance = { rtol: 1e-5, atol: 1e-6 };
const MAX_PROBLEMS = 5;

/** Decodes a stored number: JSON numbers, or the strings "NaN", "Infinity", "-Infinity". */
export function decodeNumber(x: unknown): number {
  if (typeof x === 'number') return x;
  if (x === 'NaN') return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (x === null) return NaN;
  throw new TypeError(`not a stored number: ${JSON.stringify(x)}`);
}

/** Shape of a nested array (`[]` for a scalar). */
export function shapeOf(x: unknown): number[] {
  const dims: number[] = [];
  let cur = x;
  while (Array.isArray(cur)) {
    dims.push(cur.length);
    cur = cur[0];
  }
  return dims;
}

/** Flattens a nested array of stored numbers (row-major) into a Float64Array. */
export function f64(x: unknown): Float64Array {
  const out: number[] = [];
  flattenInto(x, out, decodeNumber);
  return Float64Array.from(out);
}

/** Flattens a nested array of booleans (or 0/1 numbers). */
export function bools(x: unknown): boolean[] {
  const out: boolean[] = [];
  flattenInto(x, out, (v) => (typeof v === 'boolean' ? v : decodeNumber(v) !== 0));
  return out;
}

/** Flattens a nested array of integers. */
export function ints(x: unknown): number[] {
  const out: number[] = [];
  flattenInto(x, out, (v) => decodeNumber(v));
  return out;
}

function flattenInto<T>(x: unknown, out: T[], leaf: (v: unknown) => T): void {
  if (Array.isArray(x)) for (const e of x) flattenInto(e, out, leaf);
  else if (ArrayBuffer.isView(x)) for (const e of Array.from(x as unknown as ArrayLike<unknown>)) out.push(leaf(e));
  else out.push(leaf(x));
}

/** Which block a case is judged against, following the tolerance class. */
export function expectedBlock(c: GoldenCase): unknown {
  const exact = c.tolerance_class === 'float32_artifact' || c.tolerance_class === 'nan_expected';
  if (Array.isArray(c.steps)) {
    return { steps: (c.steps as Array<{ expected?: unknown; expected_exact_math?: unknown }>).map((s) => (exact && s.expected_exact_math !== undefined ? s.expected_exact_math : s.expected)) };
  }
  if (exact && c.expected_exact_math !== undefined) return c.expected_exact_math;
  return c.expected;
}

/** Compares `got` against `expected` recursively; returns problem strings (empty = match). */
export function compareOutputs(got: unknown, expected: unknown, tol: Tolerance, path = ''): string[] {
  const problems: string[] = [];
  walk(got, expected, tol, path || 'output', problems);
  return problems;
}

function walk(got: unknown, exp: unknown, tol: Tolerance, path: string, problems: string[]): void {
  if (problems.length >= MAX_PROBLEMS) return;
  if (exp !== null && typeof exp === 'object' && !Array.isArray(exp)) {
    if (got === null || typeof got !== 'object') {
      problems.push(`${path}: expected an object, got ${describe(got)}`);
      return;
    }
    for (const [k, v] of Object.entries(exp as Record<string, unknown>)) {
      if (k === 'note' && typeof v === 'string') continue;
      const g = (got as Record<string, unknown>)[k];
      if (g === undefined) {
        problems.push(`${path}.${k}: missing from the output`);
        continue;
      }
      walk(g, v, tol, `${path}.${k}`, problems);
    }
    return;
  }
  if (Array.isArray(exp) && exp.some((e) => e !== null && typeof e === 'object' && !Array.isArray(e))) {
    // An array of records (e.g. reward_normalizer `steps`): compare element by element.
    if (!Array.isArray(got) || got.length !== exp.length) {
      problems.push(`${path}: expected an array of ${exp.length} records, got ${describe(got)}`);
      return;
    }
    for (let i = 0; i < exp.length && problems.length < MAX_PROBLEMS; i++) walk(got[i], exp[i], tol, `${path}[${i}]`, problems);
    return;
  }
  if (Array.isArray(exp)) {
    const flatExp: unknown[] = [];
    flattenInto(exp, flatExp, (v) => v);
    const flatGot: unknown[] = [];
    flattenInto(got, flatGot, (v) => v);
    if (flatGot.length !== flatExp.length) {
      problems.push(`${path}: expected ${flatExp.length} elements (shape [${shapeOf(exp).join(',')}]), got ${flatGot.length}`);
      return;
    }
    for (let i = 0; i < flatExp.length && problems.length < MAX_PROBLEMS; i++) leaf(flatGot[i], flatExp[i], tol, `${path}[${i}]`, problems);
    return;
  }
  leaf(got, exp, tol, path, problems);
}

function leaf(got: unknown, exp: unknown, tol: Tolerance, path: string, problems: string[]): void {
  if (typeof exp === 'boolean') {
    const g = typeof got === 'boolean' ? got : typeof got === 'number' ? got !== 0 : undefined;
    if (g !== exp) problems.push(`${path}: got ${describe(got)}, expected ${exp}`);
    return;
  }
  if (typeof exp === 'string' && !['NaN', 'Infinity', '-Infinity'].includes(exp)) {
    if (got !== exp) problems.push(`${path}: got ${describe(got)}, expected '${exp}'`);
    return;
  }
  const e = decodeNumber(exp);
  const g = typeof got === 'number' ? got : typeof got === 'boolean' ? (got ? 1 : 0) : typeof got === 'bigint' ? Number(got) : NaN;
  if (typeof got !== 'number' && typeof got !== 'boolean' && typeof got !== 'bigint') {
    problems.push(`${path}: got ${describe(got)}, expected ${e}`);
    return;
  }
  if (Number.isNaN(e)) {
    if (!Number.isNaN(g)) problems.push(`${path}: got ${g}, expected NaN`);
    return;
  }
  if (!Number.isFinite(e)) {
    if (g !== e) problems.push(`${path}: got ${g}, expected ${e}`);
    return;
  }
  if (!(Math.abs(g - e) <= tol.atol + tol.rtol * Math.abs(e))) {
    problems.push(`${path}: got ${g}, expected ${e} (|diff| ${Math.abs(g - e).toExponential(2)} > atol ${tol.atol} + rtol ${tol.rtol}·|exp|)`);
  }
}

function describe(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (ArrayBuffer.isView(x)) return `${x.constructor.name}(${(x as unknown as ArrayLike<unknown>).length})`;
  if (Array.isArray(x)) return `array(${x.length})`;
  return typeof x === 'object' ? 'object' : String(x);
}

/** Runs one case through an adapter and applies the rule above. */
export function checkCase(family: string, c: GoldenCase, adapter: GoldenAdapter): CaseResult {
  const tol = c.tolerance ?? DEFAULT_TOL;
  let got: unknown;
  try {
    got = adapter(c);
  } catch (err) {
    if (c.expected_error) {
      if (err instanceof RlCoreError) return { id: c.id, family, passed: true, problems: [] };
      return { id: c.id, family, passed: false, problems: [`expected a typed RlCoreError (reference raised ${c.expected_error.type}), got ${String(err)}`] };
    }
    return { id: c.id, family, passed: false, problems: [`threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`] };
  }
  if (c.expected_error) {
    return { id: c.id, family, passed: false, problems: [`expected an error (reference raised ${c.expected_error.type}: ${c.expected_error.message}), but it returned a result`] };
  }
  const exp = expectedBlock(c);
  if (exp === undefined) return { id: c.id, family, passed: false, problems: ['case has neither expected nor expected_error'] };
  const problems = compareOutputs(got, exp, tol);
  return { id: c.id, family, passed: problems.length === 0, problems };
}
