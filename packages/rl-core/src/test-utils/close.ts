/** Test helpers: closeness of a fast path to its float32 (tfjs) reference. */
import { expect } from 'vitest';

/** |got − ref| <= rtol·|ref| + rtol·max|ref| elementwise (float32 reference, float64 closed form); lists the first 5 misses. */
export function expectCloseArrays(got: ArrayLike<number>, ref: ArrayLike<number>, rtol = 1e-5): void {
  expect(got.length).toBe(ref.length);
  let scale = 0;
  for (let i = 0; i < ref.length; i++) scale = Math.max(scale, Math.abs(ref[i] as number));
  const bad: string[] = [];
  for (let i = 0; i < ref.length; i++) {
    const g = got[i] as number;
    const r = ref[i] as number;
    if (!(Math.abs(g - r) <= rtol * Math.abs(r) + rtol * scale + 1e-12)) bad.push(`[${i}] got ${g}, ref ${r}`);
  }
  expect(bad.slice(0, 5)).toEqual([]);
}
