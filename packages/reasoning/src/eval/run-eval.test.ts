import { mkdtemp, readFile, readdir, appendFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { passAtK, Rng } from '@prorl/rl-core';
import { generateItem } from '../suite/generate.js';
import { fnv1a32 } from '../suite/hash.js';
import { hasAnswerBlock } from '../tasks/extract.js';
import type { TaskItem } from '../tasks/types.js';
import type { CompletionEngine, CompletionRequest, CompletionResponse } from './engine.js';
import { EvalError } from './errors.js';
import type { EvalProgress } from './progress.js';
import { defaultKList, resolveRunEvalConfig, runEval } from './run-eval.js';
import type { SampleRecord } from './samples-log.js';

/**
 * TEST DOUBLE: answers with the item's oracle with probability p (per engine and family), else with
 * a wrong answer `<answer>x<oracle-less junk></answer>` or a reply without an answer block. Draws come
 * from an Rng seeded by (request seed, engine label), so the same request gives the same samples.
 */
class OracleEngine implements CompletionEngine {
  readonly maxN = 3;
  readonly maxTokens = 256;
  calls = 0;
  failAfter = Infinity;
  constructor(
    readonly name: string,
    private readonly oracles: ReadonlyMap<string, string>,
    private readonly p: (family: string) => number,
    private readonly families: ReadonlyMap<string, string>,
  ) {}

  async complete(req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResponse> {
    await new Promise((r) => setImmediate(r));
    signal?.throwIfAborted();
    if (++this.calls > this.failAfter) throw new Error('engine went away');
    const oracle = this.oracles.get(req.prompt);
    if (oracle === undefined) throw new Error('test engine: unknown prompt');
    const p = this.p(this.families.get(req.prompt)!);
    const rng = new Rng((req.seed! ^ fnv1a32(this.name)) >>> 0);
    return {
      choices: Array.from({ length: req.n }, (_, i) => {
        const u = rng.next();
        const text = u < p ? `work... <answer>${oracle}</answer>` : u < p + (1 - p) / 2 ? `<answer>~${i}~${oracle}~</answer>` : `no tags ${i}`;
        return { text, finishReason: u > 0.97 ? ('length' as const) : ('stop' as const) };
      }),
    };
  }
}

const FAMILIES = ['gcd', 'number_sorting', 'countdown'];
const items: TaskItem[] = FAMILIES.flatMap((f) => [1, 2].map((seed) => generateItem(f, 1, seed)));
const oracles = new Map(items.map((it) => [it.prompt, it.oracle]));
const families = new Map(items.map((it) => [it.prompt, it.family]));
const P: Record<string, number> = { base: 0.1, mid: 0.45, final: 0.8 };
const famBoost = (f: string): number => (f === 'gcd' ? 0.1 : f === 'countdown' ? -0.05 : 0);
const engines = (): { label: string; engine: OracleEngine }[] =>
  ['base', 'mid', 'final'].map((label) => ({ label, engine: new OracleEngine(label, oracles, (f) => Math.max(0, P[label]! + famBoost(f)), families) }));

const dirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'prorl-eval-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function lines(file: string): Promise<SampleRecord[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as SampleRecord);
}

const N = 8;

describe('runEval', () => {
  test('samples, scores and summarises; pass@k matches rl-core on the written samples', async () => {
    expect(oracles.size).toBe(items.length);
    const out = await tmp();
    const seen: EvalProgress[] = [];
    const res = await runEval({ items, engines: engines(), n: N, outDir: out, maxTokens: 128, concurrency: 3, onProgress: (p) => seen.push(p) });
    expect(res.drawn).toBe(3 * items.length * N);
    expect(res.resumed).toBe(0);
    expect(seen.at(-1)).toMatchObject({ done: 3 * items.length * N, total: 3 * items.length * N, etaMs: 0 });
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);

    const s = res.summary;
    expect(s.kList).toEqual([1, 2, 4, 8]);
    expect(s.tableK).toBe(8);
    for (const label of ['base', 'mid', 'final']) {
      const recs = await lines(res.files.samples[label]!);
      expect(recs).toHaveLength(items.length * N);
      expect(new Set(recs.map((r) => `${r.item}/${r.sample}`)).size).toBe(items.length * N);
      // the same seeds for every engine (common random numbers)
      for (const r of recs) expect(r.seed).toBe(fnv1a32(`0/${r.item}/${Math.floor(r.sample / 3)}`));
      for (const fam of FAMILIES) {
        const famRecs = recs.filter((r) => r.family === fam);
        const m = s.byEngine[label]!.families[fam]!;
        expect(m.items).toBe(2);
        expect(m.samples).toBe(2 * N);
        expect(m.pass1).toBeCloseTo(famRecs.reduce((a, r) => a + r.score, 0) / famRecs.length, 12);
        expect(m.formatRate).toBeCloseTo(famRecs.filter((r) => hasAnswerBlock(r.text)).length / famRecs.length, 12);
        for (const k of [1, 2, 4, 8]) {
          let want = 0;
          for (const seed of [1, 2]) {
            const its = famRecs.filter((r) => r.item === `${fam}/L1/${seed}`);
            want += passAtK(N, its.filter((r) => r.score >= 1).length, k) / 2;
          }
          expect(m.passAtK[String(k)]).toBeCloseTo(want, 12);
          expect(m.curve[k - 1]).toBeCloseTo(want, 12);
        }
      }
      // partial credit counts in pass@1 but not in pass@k
      expect(recs.some((r) => r.score > 0 && r.score < 1)).toBe(true);
      const o = s.byEngine[label]!.overall;
      expect(o.pass1).toBeGreaterThan(o.solvedRate);
      expect(o.curve).toHaveLength(N);
    }
    expect(s.byEngine.final!.overall.pass1).toBeGreaterThan(s.byEngine.base!.overall.pass1);
    expect(Object.keys(s.byEngine.base!.domains).sort()).toEqual(['algorithmic', 'logic', 'math']);

    // regimes for every family (three engines, default 'auto')
    expect(s.regimes?.labels).toEqual({ base: 'base', intermediate: 'mid', final: 'final' });
    for (const fam of FAMILIES) expect(['diminish', 'plateau', 'sustained', 'undetermined']).toContain(s.regimes!.families[fam]!.regime);

    // JSON summary on disk equals the returned one
    expect(JSON.parse(await readFile(res.files.summary, 'utf8'))).toEqual(JSON.parse(JSON.stringify(s)));

    // Markdown: families × engines
    const md = await readFile(res.files.report, 'utf8');
    expect(md).toContain('| family | domain | base pass@1 | base pass@8 | mid pass@1 | mid pass@8 | final pass@1 | final pass@8 | regime |');
    const gcdRow = md.split('\n').find((l) => l.startsWith('| gcd |'))!;
    const g = s.byEngine.base!.families.gcd!;
    expect(gcdRow).toContain(`| ${(100 * g.pass1).toFixed(1)} | ${(100 * g.passAtK['8']!).toFixed(1)} |`);
    expect(gcdRow).toContain(s.regimes!.families.gcd!.regime ?? 'n/a');
    expect(md).toContain('## Domains');
    expect(md).toContain('| engine | items | samples | pass@1 (mean reward) | format | truncated | pass@1 (>= 1) | pass@2 (>= 1) | pass@4 (>= 1) | pass@8 (>= 1) |');

    // SVG plots: one per family, per domain, overall; three series each
    const plots = (await readdir(join(out, 'plots'))).sort();
    expect(plots).toEqual(['domain-algorithmic.svg', 'domain-logic.svg', 'domain-math.svg', 'family-countdown.svg', 'family-gcd.svg', 'family-number_sorting.svg', 'overall.svg']);
    const svg = await readFile(join(out, 'plots', 'family-gcd.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    for (const label of ['base', 'mid', 'final']) expect(svg).toContain(`>${label}</text>`);
    for (const tick of ['>1</text>', '>2</text>', '>4</text>', '>8</text>']) expect(svg).toContain(tick);
  });

  test('abort mid-way, then resume: same samples as an uninterrupted run, no duplicates', async () => {
    const full = await tmp();
    const ref = await runEval({ items, engines: engines(), n: N, outDir: full, maxTokens: 128, plots: false });

    const out = await tmp();
    const ac = new AbortController();
    const err = await runEval({
      items,
      engines: engines(),
      n: N,
      outDir: out,
      maxTokens: 128,
      plots: false,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.done >= 40) ac.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvalError);
    expect((err as EvalError).code).toBe('aborted');
    const partial = (await Promise.all(['base', 'mid', 'final'].map((l) => lines(join(out, 'samples', `${l}.jsonl`)).catch(() => [])))).flat();
    expect(partial.length).toBeGreaterThanOrEqual(40);
    expect(partial.length).toBeLessThan(3 * items.length * N);
    // a crash mid-write leaves a torn last line: it is cut off on resume
    await appendFile(join(out, 'samples', 'base.jsonl'), '{"engine":"base","item":"gcd/L1/1","sam');

    // without resume the directory is refused; with other settings too
    await expect(runEval({ items, engines: engines(), n: N, outDir: out, maxTokens: 128 })).rejects.toMatchObject({ code: 'out_dir_not_empty' });
    await expect(runEval({ items, engines: engines(), n: N, outDir: out, maxTokens: 128, temperature: 1, resume: true })).rejects.toMatchObject({ code: 'resume_mismatch' });

    const res = await runEval({ items, engines: engines(), n: N, outDir: out, maxTokens: 128, plots: false, resume: true });
    expect(res.resumed).toBe(partial.length);
    expect(res.drawn + res.resumed).toBe(3 * items.length * N);
    for (const label of ['base', 'mid', 'final']) {
      const got = await lines(res.files.samples[label]!);
      const want = await lines(ref.files.samples[label]!);
      expect(got).toHaveLength(items.length * N);
      const key = (r: SampleRecord): string => `${r.item}/${r.sample}`;
      const byKey = new Map(want.map((r) => [key(r), r]));
      for (const r of got) expect(r).toEqual(byKey.get(key(r)));
    }
    expect(res.summary.byEngine).toEqual(ref.summary.byEngine);

    // resuming a finished run draws nothing
    const again = await runEval({ items, engines: engines(), n: N, outDir: out, maxTokens: 128, plots: false, resume: true });
    expect(again.drawn).toBe(0);
  });

  test('an engine failure rejects with it and keeps the lines written so far', async () => {
    const out = await tmp();
    const es = engines();
    es[0]!.engine.failAfter = 4;
    const err = await runEval({ items, engines: es, n: N, outDir: out, maxTokens: 128, concurrency: 1, plots: false }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('engine went away');
    expect(await lines(join(out, 'samples', 'base.jsonl'))).toHaveLength(4 * 3 - 1); // chunks of 3, 3, 2: items 1 full (8) + 3 of item 2
  });

  test('one engine: no regimes; n above maxN is split', async () => {
    const out = await tmp();
    const res = await runEval({ items: items.slice(0, 2), engines: engines().slice(2), n: 4, outDir: out, maxTokens: 128, kList: [1, 4] });
    expect(res.summary.regimes).toBeUndefined();
    expect(Object.keys(res.summary.byEngine.final!.overall.passAtK)).toEqual(['1', '4']);
    const md = await readFile(res.files.report, 'utf8');
    expect(md).not.toContain('regime');
  });
});

describe('prompt template', () => {
  test('{prompt} is replaced in the text sent to the engine and recorded in run.json', async () => {
    const out = await tmp();
    const prompts: string[] = [];
    const engine: CompletionEngine = {
      name: 'rec',
      maxN: 8,
      maxTokens: 64,
      async complete(req) {
        prompts.push(req.prompt);
        return { choices: Array.from({ length: req.n }, () => ({ text: 'none', finishReason: 'stop' as const })) };
      },
    };
    await runEval({ items: items.slice(0, 1), engines: [{ label: 'x', engine }], n: 2, maxTokens: 8, outDir: out, promptTemplate: '<u>{prompt}</u><a>', plots: false });
    expect(prompts).toEqual([`<u>${items[0]!.prompt}</u><a>`]);
    expect(JSON.parse(await readFile(join(out, 'run.json'), 'utf8')).settings.promptTemplate).toBe('<u>{prompt}</u><a>');
  });
});

describe('resolveRunEvalConfig', () => {
  const base = { items, engines: engines(), outDir: '/tmp/x', maxTokens: 128 };
  test('defaults follow the paper', () => {
    expect(resolveRunEvalConfig({ items, engines: engines().map((e) => ({ label: e.label, engine: Object.assign(e.engine, { maxTokens: 1e6 }) })), outDir: 'x', maxTokens: undefined }).maxTokens).toBe(4096); // undefined means default (CLI flags)
    const c = resolveRunEvalConfig(base);
    expect(c).toMatchObject({ n: 16, temperature: 0.6, topP: 0.95, threshold: 1, kList: [1, 2, 4, 8, 16], tableK: 16 });
    expect(defaultKList(256)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    expect(defaultKList(12)).toEqual([1, 2, 4, 8, 12]);
  });
  test('rejects bad configs with the field named', () => {
    const cases: Array<[object, RegExp]> = [
      [{ items: [] }, /items/],
      [{ items: [items[0]!, items[0]!] }, /twice/],
      [{ engines: [] }, /engines/],
      [{ engines: [{ label: 'a b', engine: engines()[0]!.engine }] }, /label/],
      [{ n: 0 }, /^n:/],
      [{ kList: [1, 32] }, /kList/],
      [{ maxTokens: 1000 }, /maxTokens/],
      [{ topP: 0 }, /topP/],
      [{ promptTemplate: 'no placeholder' }, /promptTemplate/],
      [{ regime: { base: 'base', intermediate: 'nope', final: 'final' } }, /regime.intermediate/],
    ];
    for (const [patch, re] of cases) expect(() => resolveRunEvalConfig({ ...base, ...patch })).toThrow(re);
  });
});
