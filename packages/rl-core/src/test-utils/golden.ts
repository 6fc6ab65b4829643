/**
 * Test helper: runs every case of a copied fixture file (`packages/rl-core/test/fixtures/rl-golden/`)
 * as its own vitest test, through the same `checkGoldenFile` the `prorl-bench golden` command uses.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { checkGoldenFile, type GoldenFile } from '../conformance/index.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../../test/fixtures/rl-golden/', import.meta.url));

export function loadFixture(family: string): GoldenFile {
  return JSON.parse(readFileSync(`${FIXTURE_DIR}${family}.json`, 'utf8')) as GoldenFile;
}

/** Declares one test per golden case of `family`. */
export function goldenSuite(family: string): void {
  const file = loadFixture(family);
  const results = checkGoldenFile(file);
  describe(`golden ${family}`, () => {
    for (const r of results) {
      test(r.id, () => {
        expect(r.problems).toEqual([]);
        expect(r.passed).toBe(true);
      });
    }
  });
}
