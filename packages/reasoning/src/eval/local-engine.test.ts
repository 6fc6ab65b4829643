import { describe, expect, test } from 'vitest';
import { cutAtStop, LocalEngine, rowSeed, type LocalGenerator, type LocalTokenizer } from './local-engine.js';

/** TEST DOUBLE tokenizer: ids 0..2 are <pad> <bos> <eos>, then one id per character of 'abc <>/answer123'. */
const ALPHA = 'abc <>/answer123';
const tokenizer: LocalTokenizer = {
  special: { bos: 1, eos: 2 },
  encode: (text, opts) => [...(opts?.addBos ? [1] : []), ...[...text].map((ch) => 3 + ALPHA.indexOf(ch))],
  decode: (ids, opts) =>
    Array.from(ids)
      .filter((id) => !(opts?.skipSpecial && id < 3))
      .map((id) => (id < 3 ? `<${id}>` : ALPHA[id - 3]))
      .join(''),
};

/** TEST DOUBLE generator: row r emits the text of `script(seed)` then EOS; log-prob of token t is −t/100. */
const generator = (script: (seed: number) => string, calls: unknown[] = []): LocalGenerator => ({
  async generate(req) {
    calls.push(req);
    const tokens = req.seeds.map((s) => [...tokenizer.encode(script(s)).slice(0, req.sampling!.maxNewTokens!), 2].slice(0, req.sampling!.maxNewTokens!));
    return {
      tokens,
      logProbs: tokens.map((row) => row.map((t) => -t / 100)),
      finishReasons: tokens.map((row) => (row[row.length - 1] === 2 ? ('stop' as const) : ('length' as const))),
    };
  },
});

describe('LocalEngine', () => {
  test('encodes, seeds rows, strips EOS, cuts at stop strings and keeps matching log-probs', async () => {
    const calls: any[] = [];
    const e = new LocalEngine({ name: 'tiny', generator: generator((s) => (s % 2 === 0 ? 'abc<answer>1</answer> abc' : 'cab'), calls), tokenizer, maxN: 4, maxTokens: 40 });
    const r = await e.complete({ prompt: 'ab', n: 3, temperature: 0.6, topP: 0.95, maxTokens: 40, seed: 4, stop: ['</answer>'], logprobs: true });
    expect(calls[0].prompts[0]).toEqual([1, 3, 4]);
    expect(calls[0].seeds).toEqual([rowSeed(4, 0), rowSeed(4, 1), rowSeed(4, 2)]);
    expect(calls[0].sampling).toEqual({ temperature: 0.6, topP: 0.95, maxNewTokens: 40, stopTokens: [2] });
    r.choices.forEach((c, i) => {
      const even = rowSeed(4, i) % 2 === 0;
      expect(c.text).toBe(even ? 'abc<answer>1' : 'cab');
      expect(c.finishReason).toBe('stop');
      // kept tokens: up to the end of the stop string, or all but EOS
      expect(c.tokenLogprobs).toHaveLength(even ? 'abc<answer>1</answer>'.length : 3);
    });
    expect(r.usage!.promptTokens).toBe(3);
  });

  test('length finish when the budget runs out; unseeded requests are reproducible per engine seed', async () => {
    const mk = (): LocalEngine => new LocalEngine({ name: 't', generator: generator(() => 'abcabcabc'), tokenizer, seed: 9 });
    const r = await mk().complete({ prompt: 'a', n: 2, temperature: 1, topP: 1, maxTokens: 4 });
    expect(r.choices.map((c) => [c.text, c.finishReason])).toEqual([['abca', 'length'], ['abca', 'length']]);
    expect(r.choices[0]!.tokenLogprobs).toBeUndefined();
    const calls1: any[] = [];
    const calls2: any[] = [];
    await new LocalEngine({ name: 't', generator: generator(() => 'a', calls1), tokenizer, seed: 9 }).complete({ prompt: 'a', n: 2, temperature: 1, topP: 1, maxTokens: 4 });
    await new LocalEngine({ name: 't', generator: generator(() => 'a', calls2), tokenizer, seed: 9 }).complete({ prompt: 'a', n: 2, temperature: 1, topP: 1, maxTokens: 4 });
    expect(calls1[0].seeds).toEqual(calls2[0].seeds);
  });

  test('limits and abort', async () => {
    const e = new LocalEngine({ name: 't', generator: generator(() => 'a'), tokenizer, maxPromptTokens: 3 });
    await expect(e.complete({ prompt: 'abcd', n: 1, temperature: 1, topP: 1, maxTokens: 4 })).rejects.toThrow(/maxPromptTokens/);
    const ac = new AbortController();
    ac.abort();
    await expect(e.complete({ prompt: 'a', n: 1, temperature: 1, topP: 1, maxTokens: 4 }, ac.signal)).rejects.toMatchObject({ code: 'aborted' });
    expect(cutAtStop('xx</a>yy<b>', ['<b>', '</a>'])).toBe(2);
    expect(cutAtStop('xx', ['y'])).toBeNull();
  });
});
