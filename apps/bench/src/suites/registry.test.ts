/** The turbo pipeline covers every registered suite: a `bench:<name>` script and a cached task writing its JSON. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SUITE_NAMES } from './registry.js';

const app = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const turbo = JSON.parse(readFileSync(join(app, 'turbo.json'), 'utf8')) as { tasks: Record<string, { outputs?: string[]; inputs?: string[]; dependsOn?: string[]; cache?: boolean }> };

describe('suite registry and the turbo pipeline', () => {
  for (const name of SUITE_NAMES) {
    it(`${name}: has a bench:${name} script and a task with inputs and its JSON as output`, () => {
      expect(pkg.scripts[`bench:${name}`]).toContain(`--suite ${name}`);
      const task = turbo.tasks[`bench:${name}`]!;
      expect(task.outputs).toEqual([`$TURBO_ROOT$/bench-results/${name}.json`]);
      expect(task.inputs?.length).toBeGreaterThan(0);
      expect(task.cache).not.toBe(false);
    });
  }
  it('the bench task depends on every suite task and builds the report', () => {
    expect(turbo.tasks.bench!.dependsOn!.sort()).toEqual(SUITE_NAMES.map((n) => `bench:${n}`).sort());
    expect(pkg.scripts.bench).toContain('report');
  });
});
