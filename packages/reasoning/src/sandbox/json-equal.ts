/**
 * Structural equality of two JSON values, as the sandbox compares a test's result with its expected
 * value. Numbers match within `tol` relative to max(1, |expected|) (floating-point answers); object
 * key order does not matter; everything else is strict. Runs on the host, so the untrusted code can
 * never influence the comparison.
 */
export function jsonEqual(actual: unknown, expected: unknown, tol = 1e-9): boolean {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false;
    if (actual === expected) return true;
    return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
  }
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (actual === null || typeof actual !== 'object') return false;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    for (let i = 0; i < expected.length; i++) if (!jsonEqual(actual[i], expected[i], tol)) return false;
    return true;
  }
  if (Array.isArray(actual)) return false;
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const keys = Object.keys(e);
  if (Object.keys(a).length !== keys.length) return false;
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(a, k) || !jsonEqual(a[k], e[k], tol)) return false;
  }
  return true;
}

/** Parses JSON text, or returns `undefined` when it is not valid JSON (never throws). */
export function tryParseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
