/**
 * Data of a ProRL run: the deterministic stream of training prompts (train split, resumable by
 * position) and fixed validation / test samples of the suite.
 */
import { SuiteError } from '../suite/errors.js';
import { streamSuite, type SuiteItem } from '../suite/sample.js';
import type { SplitName } from '../suite/split.js';
import type { ResolvedSuite } from '../suite/suite-spec.js';

/**
 * The training prompt stream: deterministic in (suite, seed), repeats allowed (small families have
 * few distinct prompts). `skip` fast-forwards past prompts consumed before a resume.
 */
export class PromptStream {
  private readonly it: Generator<SuiteItem>;
  private n = 0;

  constructor(suite: ResolvedSuite, seed: number, skip = 0) {
    this.it = streamSuite(suite, { split: 'train', seed, distinct: false });
    for (let i = 0; i < skip; i++) this.next();
  }

  /** Prompts consumed so far (saved in checkpoints). */
  get consumed(): number {
    return this.n;
  }

  next(): SuiteItem {
    const r = this.it.next();
    if (r.done) throw new Error('PromptStream: the suite stream ended (it is endless by contract)');
    this.n++;
    return r.value;
  }

  take(k: number): SuiteItem[] {
    return Array.from({ length: k }, () => this.next());
  }
}

/**
 * Up to `n` distinct items of a split (fewer when the suite has fewer distinct prompts in it),
 * deterministic in (suite, split, n, seed, family).
 */
export function sampleSplit(suite: ResolvedSuite, split: SplitName, n: number, seed: number, family?: string): SuiteItem[] {
  const out: SuiteItem[] = [];
  if (n <= 0) return out;
  try {
    for (const item of streamSuite(suite, { split, seed, distinct: true, maxAttempts: 400, ...(family !== undefined ? { family } : {}) })) {
      out.push(item);
      if (out.length >= n) break;
    }
  } catch (e) {
    if (!(e instanceof SuiteError && e.code === 'exhausted')) throw e;
  }
  return out;
}
