import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CharTokenizer, loadCheckpoint } from '@prorl/policy';
import { ProRLConfigError } from '../train/errors.js';
import { resolveSftConfig } from './config.js';
import { decodeResponse, encodeExample } from './format.js';
import { runSft, sftBatch } from './run-sft.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('SFT data', () => {
  it('puts the loss on the solution and <eos> only', () => {
    const tok = new CharTokenizer();
    const ex = encodeExample(tok, 'Q?', 'A1');
    expect(ex.ids).toEqual([tok.special.bos, ...tok.encode('Q?\nA1'), tok.special.eos]);
    expect(ex.lossMask).toEqual([0, 0, 0, 0, 1, 1, 1]);
    const b = sftBatch([ex, encodeExample(tok, 'Q', 'B')], tok.special.pad);
    expect(b.T).toBe(7);
    expect(b.count).toBe(5);
    expect(b.coef[4]).toBeCloseTo(-1 / 5);
    expect(b.coef[0]).toBe(0);
    expect(b.attnMask.slice(7)).toEqual([1, 1, 1, 1, 1, 0, 0]);
    expect(decodeResponse(tok, [...tok.encode('12'), tok.special.eos, ...tok.encode('x')])).toBe('12');
  });

  it('rejects invalid configs with the field and a fix', () => {
    expect(() => resolveSftConfig({ families: [] })).toThrow(ProRLConfigError);
    expect(() => resolveSftConfig({ families: ['chain_sum'], levels: [99] })).toThrow(/has none of the levels/);
    expect(() => resolveSftConfig({ steps: 10, warmupSteps: 10 })).toThrow(/warmupSteps/);
  });
});

describe('runSft', () => {
  it('reduces the loss on worked solutions and writes a loadable checkpoint', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'prorl-sft-'));
    dirs.push(out);
    const dir = path.join(out, 'base');
    const r = await runSft({ families: ['basic_arithmetic'], levels: [1], steps: 30, batchSize: 8, lr: 1e-2, warmupSteps: 2, minLr: 1e-3, model: { dModel: 32, nHeads: 2, nLayers: 1, maxSeqLen: 96 }, outDir: dir });
    expect(r.losses).toHaveLength(30);
    const head = (r.losses[0]! + r.losses[1]! + r.losses[2]!) / 3;
    const tail = (r.losses[27]! + r.losses[28]! + r.losses[29]!) / 3;
    expect(head).toBeGreaterThan(Math.log(r.tokenizer.vocabSize) - 0.5); // ~uniform at init
    expect(tail).toBeLessThan(head * 0.75);
    const ck = await loadCheckpoint(dir);
    expect(ck.step).toBe(30);
    expect(Array.from(ck.params)).toEqual(Array.from(r.params));
    expect(ck.tokenizer).toEqual(r.tokenizer.toJSON());
    expect(r.trainedOn).toEqual([{ family: 'basic_arithmetic', levels: [1] }]);
  }, 60_000);
});
