/**
 * `code_function`: write a small JavaScript function `solve(...)` from a spec (levels 1..5, see
 * `problems.ts`). The reward is ProRL's code reward [P §2]: the program runs in the sandbox against
 * every test (no early stop) and scores the fraction passed; a syntax error, a run over the time limit
 * (5 s total by default), running out of memory or a crash scores 0; no fenced code block scores 0.
 *
 * Answer format: a ```js fenced block (required, as in the paper), optionally inside
 * `<answer></answer>`; see `extract-code.ts`. The oracle is the reference solution as such a block.
 *
 * Tests: `4 + level` distinct calls drawn from the problem's input generator, expected values from the
 * TypeScript reference. The prompt shows the first test (level 1) or the first two as examples.
 */
import type { Rng } from '@prorl/rl-core';
import { defaultRunCode } from '../../../sandbox/default-pool.js';
import { answerBlock } from '../../extract.js';
import type { CodeRunResult, CodeTest, ScoreContext, ScoreResult, TaskFamily, TaskItem } from '../../types.js';
import { codeBlock, extractCode } from './extract-code.js';
import { CODE_PROBLEMS, type CodeProblem, type Params } from './problems.js';

export const CODE_FUNCTION_LEVELS = [1, 2, 3, 4, 5] as const;

/** Meta of a `code_function` item (JSON-serialisable). */
export interface CodeFunctionMeta {
  problem: string;
  params: Params;
  signature: string;
  tests: CodeTest[];
  /** The reference solution's source. */
  reference: string;
}

function problemsAt(level: number): CodeProblem[] {
  return CODE_PROBLEMS.filter((p) => p.level === level);
}

function callOf(args: unknown[]): string {
  return `solve(${args.map((a) => JSON.stringify(a)).join(', ')})`;
}

function makeTests(problem: CodeProblem, params: Params, rng: Rng, count: number): CodeTest[] {
  const tests: CodeTest[] = [];
  const seen = new Set<string>();
  for (let attempt = 0; tests.length < count && attempt < count * 20; attempt++) {
    const args = problem.input(rng, params);
    const call = callOf(args);
    if (seen.has(call)) continue;
    seen.add(call);
    const expected = JSON.stringify(problem.ref(params, ...args));
    tests.push({ call, expected });
  }
  return tests;
}

function prompt(problem: CodeProblem, params: Params, tests: CodeTest[], level: number): string {
  const signature = `solve(${problem.args.join(', ')})`;
  const examples = tests.slice(0, level === 1 ? 1 : 2).map((t) => `${t.call} returns ${t.expected}`);
  return [
    `Write a JavaScript function \`${signature}\`. ${problem.spec(params)}`,
    `Example${examples.length > 1 ? 's' : ''}: ${examples.join('; ')}.`,
    'Plain JavaScript only: no imports, I/O or async. Give the code in a ```js fenced block, optionally inside <answer></answer>.',
  ].join('\n');
}

function scoreRun(run: CodeRunResult, code: string): ScoreResult {
  switch (run.status) {
    case 'syntax_error':
    case 'timeout':
    case 'memory':
    case 'crash':
      return { score: 0, extracted: code, reason: run.status };
    case 'ok':
    case 'runtime_error': {
      const total = Math.max(1, run.total);
      const score = Math.min(1, Math.max(0, run.passed / total));
      const reason = run.passed === run.total ? 'exact' : run.passed === 0 ? 'wrong' : `partial:${run.passed}/${run.total}`;
      return { score, extracted: code, reason };
    }
    default: {
      const never: never = run.status;
      return { score: 0, extracted: code, reason: `unknown_status:${String(never)}` };
    }
  }
}

export const codeFunction: TaskFamily = {
  name: 'code_function',
  domain: 'code',
  levels: CODE_FUNCTION_LEVELS,
  description: 'Write a small JavaScript function solve(...) from a one-line spec; graded by running hidden tests in a QuickJS sandbox.',
  scoringRules:
    'Code in a ```js fenced block (optionally inside <answer>). All tests run; score = fraction passed. Syntax error, >5 s total, out of memory or crash → 0. No code block → 0.',

  generate(level: number, seed: number, rng: Rng): TaskItem {
    const candidates = problemsAt(level);
    if (candidates.length === 0) throw new RangeError(`code_function: level must be one of ${CODE_FUNCTION_LEVELS.join(', ')}, got ${level}`);
    const problem = rng.pick(candidates);
    const params = problem.params(rng);
    const tests = makeTests(problem, params, rng, 4 + level);
    const reference = problem.source(params);
    const meta: CodeFunctionMeta = { problem: problem.key, params, signature: `solve(${problem.args.join(', ')})`, tests, reference };
    return {
      id: `code_function/L${level}/${seed}`,
      family: 'code_function',
      domain: 'code',
      level,
      seed,
      prompt: prompt(problem, params, tests, level),
      oracle: codeBlock(reference),
      meta: meta as unknown as Record<string, unknown>,
    };
  },

  solve(item: TaskItem): string {
    const meta = item.meta as unknown as CodeFunctionMeta;
    const problem = CODE_PROBLEMS.find((p) => p.key === meta.problem);
    const spec = problem ? problem.spec(meta.params) : 'Implement the spec.';
    const first = meta.tests[0];
    const check = first ? ` Check: ${first.call} should return ${first.expected}.` : '';
    return `The task: ${spec} I define ${meta.signature} directly, handling the edge cases the spec mentions.${check}\n${answerBlock(`\n${item.oracle}\n`)}`;
  },

  async score(item: TaskItem, completion: string, ctx?: ScoreContext): Promise<ScoreResult> {
    const code = extractCode(completion);
    if (code === null) return { score: 0, extracted: null, reason: 'no_code' };
    const tests = (item.meta as Partial<CodeFunctionMeta>).tests;
    if (!Array.isArray(tests) || tests.length === 0) return { score: 0, extracted: code, reason: 'no_tests' };
    const runCode = ctx?.runCode ?? defaultRunCode;
    try {
      return scoreRun(await runCode(code, tests), code);
    } catch (err) {
      return { score: 0, extracted: code, reason: `sandbox_error:${err instanceof Error ? err.message.slice(0, 80) : 'unknown'}` };
    }
  },
};
