import { afterAll, describe, expect, it } from 'vitest';
import { SandboxPool } from '../sandbox/pool.js';
import { checkSuite } from './check.js';

const pool = new SandboxPool({ workers: 1, timeoutMs: 2000 });
afterAll(() => pool.close());

describe('checkSuite', () => {
  it('passes for the code family (oracle and solve() score 1, generation deterministic)', async () => {
    const r = await checkSuite({ n: 4, families: ['code_function'], ctx: { runCode: pool.runCode } });
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(5 * 4 * 3);
  });
  it('reports failures when a verifier rejects the oracle', async () => {
    const r = await checkSuite({ n: 2, families: ['code_function'], ctx: { runCode: async (_s, t) => ({ passed: 0, total: t.length, status: 'ok' }) } });
    expect(r.failed).toBe(5 * 2 * 2);
    expect(r.failures[0]).toMatchObject({ family: 'code_function', level: 1, seed: 0, what: 'oracle' });
  });
  it('validates n', async () => {
    await expect(checkSuite({ n: 0 })).rejects.toThrow(/n: must be a positive integer/);
  });
});
