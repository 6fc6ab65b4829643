/**
 * The task-family contract of the verifiable reasoning suite. Every family is a seeded generator with
 * difficulty levels, a prompt, an oracle answer, a worked solution (for the SFT warm start) and a
 * verifier that scores a completion in [0, 1] with documented partial-credit rules.
 *
 * Answer protocol (Reasoning Gym's): the answer is the content of the LAST `<answer>...</answer>`
 * block of the completion, trimmed (see `extract.ts`). A completion without one scores per the
 * family's rule (normally 0).
 */
import type { Rng } from '@prorl/rl-core';

export type Domain = 'math' | 'algorithmic' | 'logic' | 'stem' | 'code' | 'instruction';

export const DOMAINS: readonly Domain[] = ['math', 'algorithmic', 'logic', 'stem', 'code', 'instruction'];

export interface TaskItem {
  /** Stable id: `${family}/L${level}/${seed}`; the same triple always generates the same item. */
  id: string;
  family: string;
  domain: Domain;
  level: number;
  seed: number;
  /** The full prompt text shown to the policy (states the answer format). */
  prompt: string;
  /** One correct answer (the `<answer>` content). Tasks with many valid answers still verify by constraints. */
  oracle: string;
  /** Family-specific data the verifier needs (numbers, graph, tests, constraints...). JSON-serialisable. */
  meta: Record<string, unknown>;
}

export interface ScoreResult {
  /** In [0, 1]. */
  score: number;
  /** The extracted answer, or null when the completion had no `<answer>` block. */
  extracted: string | null;
  /** Short machine-friendly reason, e.g. 'exact', 'no_answer', 'wrong', 'partial:3/4', 'timeout'. */
  reason: string;
}

/** Shared services a verifier may need (the code sandbox). Families that need none ignore it. */
export interface ScoreContext {
  /** Runs untrusted JS against tests in the sandbox; present when a code family is scored. */
  runCode?: (source: string, tests: CodeTest[], opts?: { timeoutMs?: number }) => Promise<CodeRunResult>;
}

export interface CodeTest {
  /** A JS expression evaluated after the user's code, e.g. `solve(3, 4)`. */
  call: string;
  /** JSON of the expected value. */
  expected: string;
}

export interface CodeRunResult {
  passed: number;
  total: number;
  /** 'ok' | 'syntax_error' | 'timeout' | 'memory' | 'crash' | 'runtime_error' */
  status: 'ok' | 'syntax_error' | 'timeout' | 'memory' | 'crash' | 'runtime_error';
  detail?: string;
}

export interface TaskFamily {
  /** Unique family name (snake_case, Reasoning Gym's where it has the task). */
  name: string;
  domain: Domain;
  /** Difficulty levels, ascending (the curriculum knob changes size or depth). */
  levels: readonly number[];
  /** One line: what the task is. */
  description: string;
  /** Partial-credit rules in plain words (shown by `prorl-reason tasks list`). */
  scoringRules: string;
  /** Deterministic: same (level, seed) → same item. `rng` is seeded from (family, level, seed). */
  generate(level: number, seed: number, rng: Rng): TaskItem;
  /** A short worked solution ending in `<answer>{oracle}</answer>` (SFT data). */
  solve(item: TaskItem): string;
  /** Scores a completion in [0, 1]. Must never throw on any string input. */
  score(item: TaskItem, completion: string, ctx?: ScoreContext): ScoreResult | Promise<ScoreResult>;
}
