/**
 * Self-check of the suite (`prorl-reason tasks check`): for every family and level and seeds
 * 0..n-1, the item generates deterministically, and both the oracle answer (`<answer>{oracle}</answer>`)
 * and the worked solution (`solve()`) score 1.
 */
import { answerBlock } from '../tasks/extract.js';
import { ALL_FAMILIES, getFamily } from '../tasks/registry.js';
import type { ScoreContext, TaskFamily } from '../tasks/types.js';
import { SuiteError } from './errors.js';
import { generateItem } from './generate.js';
import { scoreCompletion } from './score.js';

export interface CheckFailure {
  family: string;
  level: number;
  seed: number;
  what: 'generate' | 'deterministic' | 'oracle' | 'solve';
  detail: string;
}

export interface CheckReport {
  /** Checks run: (family, level, seed) triples × 3 (determinism, oracle, solve). */
  passed: number;
  failed: number;
  failures: CheckFailure[];
}

export interface CheckOptions {
  /** Seeds per family and level. */
  n: number;
  /** Only these families (default all). */
  families?: readonly string[];
  ctx?: ScoreContext;
  onProgress?: (done: number, total: number) => void;
}

export async function checkSuite(opts: CheckOptions): Promise<CheckReport> {
  if (!Number.isInteger(opts.n) || opts.n < 1) throw new SuiteError('invalid_param', 'n', `must be a positive integer, got ${opts.n}`, 'pass e.g. --n 200');
  const families: TaskFamily[] = opts.families ? opts.families.map((f) => getFamily(f)) : [...ALL_FAMILIES];
  const failures: CheckFailure[] = [];
  let passed = 0;
  const jobs: Promise<void>[] = [];
  const total = families.reduce((s, f) => s + f.levels.length, 0) * opts.n;
  let done = 0;
  for (const fam of families) {
    for (const level of fam.levels) {
      for (let seed = 0; seed < opts.n; seed++) {
        const fail = (what: CheckFailure['what'], detail: string): void => {
          failures.push({ family: fam.name, level, seed, what, detail: detail.slice(0, 300) });
        };
        let item;
        try {
          item = generateItem(fam.name, level, seed);
          if (JSON.stringify(generateItem(fam.name, level, seed)) !== JSON.stringify(item)) fail('deterministic', 'two generations differ');
          else passed++;
        } catch (err) {
          fail('generate', err instanceof Error ? err.message : String(err));
          done++;
          continue;
        }
        const it = item;
        let solved = '';
        try {
          solved = fam.solve(it);
        } catch (err) {
          fail('solve', `solve() threw: ${err instanceof Error ? err.message : String(err)}`);
        }
        jobs.push(
          Promise.all([scoreCompletion(it, answerBlock(it.oracle), opts.ctx), solved ? scoreCompletion(it, solved, opts.ctx) : null]).then(([o, s]) => {
            if (o.score === 1) passed++;
            else fail('oracle', `oracle scored ${o.score} (${o.reason})`);
            if (s) {
              if (s.score === 1) passed++;
              else fail('solve', `solve() scored ${s.score} (${s.reason})`);
            }
            done++;
            opts.onProgress?.(done, total);
          }),
        );
      }
    }
  }
  await Promise.all(jobs);
  failures.sort((a, b) => a.family.localeCompare(b.family) || a.level - b.level || a.seed - b.seed || a.what.localeCompare(b.what));
  return { passed, failed: failures.length, failures };
}
