import { describe, expect, test } from 'vitest';
import { completeSplit, splitN, validateCompletionRequest, type CompletionEngine, type CompletionRequest } from './engine.js';
import { EvalError } from './errors.js';
import { ProgressTracker, formatProgress } from './progress.js';
import { Semaphore } from './semaphore.js';

/** TEST DOUBLE: records requests; choice i of a request is `${seed}:${i}`. */
const recorder = (maxN: number): CompletionEngine & { reqs: CompletionRequest[] } => {
  const reqs: CompletionRequest[] = [];
  return {
    name: 'rec',
    maxN,
    maxTokens: 10,
    reqs,
    async complete(req) {
      reqs.push(req);
      return { choices: Array.from({ length: req.n }, (_, i) => ({ text: `${req.seed}:${i}`, finishReason: 'stop' as const })), usage: { promptTokens: 2, completionTokens: req.n } };
    },
  };
};

const req: CompletionRequest = { prompt: 'p', n: 7, temperature: 0.6, topP: 0.95, maxTokens: 5, seed: 10 };

describe('engine helpers', () => {
  test('splitN and completeSplit: chunks of maxN with seeds seed + j', async () => {
    expect(splitN(7, 3)).toEqual([3, 3, 1]);
    expect(splitN(3, 3)).toEqual([3]);
    expect(() => splitN(0, 3)).toThrow(EvalError);
    const e = recorder(3);
    const r = await completeSplit(e, req);
    expect(e.reqs.map((q) => [q.n, q.seed])).toEqual([[3, 10], [3, 11], [1, 12]]);
    expect(r.choices.map((c) => c.text)).toEqual(['10:0', '10:1', '10:2', '11:0', '11:1', '11:2', '12:0']);
    expect(r.usage).toEqual({ promptTokens: 2, completionTokens: 7 });
  });

  test('validateCompletionRequest names the field', () => {
    const lim = { maxN: 4, maxTokens: 8 };
    expect(() => validateCompletionRequest({ ...req, n: 4 }, lim)).not.toThrow();
    expect(() => validateCompletionRequest(req, lim)).toThrow(/^n:/);
    expect(() => validateCompletionRequest({ ...req, n: 1, maxTokens: 9 }, lim)).toThrow(/maxTokens/);
    expect(() => validateCompletionRequest({ ...req, n: 1, topP: 1.5 }, lim)).toThrow(/topP/);
    expect(() => validateCompletionRequest({ ...req, n: 1, temperature: -1 }, lim)).toThrow(/temperature/);
    expect(() => validateCompletionRequest({ ...req, n: 1, stop: [''] }, lim)).toThrow(/stop/);
    expect(() => validateCompletionRequest({ ...req, n: 1, seed: -2 }, lim)).toThrow(/seed/);
  });
});

describe('Semaphore', () => {
  test('limits holders, serves waiters in order, honours abort', async () => {
    const s = new Semaphore(2);
    const r1 = await s.acquire();
    const r2 = s.tryAcquire()!;
    expect(s.tryAcquire()).toBeNull();
    const order: number[] = [];
    const w3 = s.acquire().then((r) => (order.push(3), r));
    const ac = new AbortController();
    const w4 = s.acquire(ac.signal);
    const w5 = s.acquire().then((r) => (order.push(5), r));
    expect(s.waiting).toBe(3);
    ac.abort(new Error('gone'));
    await expect(w4).rejects.toThrow('gone');
    r1();
    r1(); // double release is ignored
    const r3 = await w3;
    expect(s.inUse).toBe(2);
    r2();
    const r5 = await w5;
    expect(order).toEqual([3, 5]);
    r3();
    r5();
    expect(s.inUse).toBe(0);
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

describe('progress', () => {
  test('rate counts this session only; ETA from the rate', () => {
    let now = 1000;
    const p = new ProgressTracker(50, 150, () => now);
    expect(p.snapshot('base')).toMatchObject({ done: 50, drawn: 0, rate: 0, etaMs: null });
    now = 3000;
    const s = p.add(20, 'base');
    expect(s).toMatchObject({ done: 70, total: 150, drawn: 20, elapsedMs: 2000, rate: 10, etaMs: 8000 });
    expect(formatProgress(s)).toBe('70/150 samples (46.7%)  10.00/s  ETA 8s  [base]');
    expect(p.add(80, 'final').etaMs).toBe(0);
  });
});
