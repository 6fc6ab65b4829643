/**
 * One vitest configuration for every package: tests import workspace packages from their TypeScript
 * sources (the `@prorl/source` export condition), so the suite needs no prior build; each package
 * also writes a JSON report that `scripts/test.mjs` sums into the closing `N passed, M failed` line.
 */
import { defineConfig } from 'vitest/config';

export function prorlVitestConfig(overrides: { testTimeout?: number; include?: string[] } = {}) {
  return defineConfig({
    resolve: { conditions: ['@prorl/source', 'import', 'module', 'node', 'default'] },
    ssr: { resolve: { conditions: ['@prorl/source', 'import', 'module', 'node', 'default'], externalConditions: ['@prorl/source'] } },
    test: {
      include: overrides.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: overrides.testTimeout ?? 60_000,
      hookTimeout: 120_000,
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results.json' },
      pool: 'forks',
    },
  });
}
