/**
 * The CLI as a user runs it (spawned), on tiny synthetic data the test writes: prepare / stats, the
 * stage-by-stage chain simulator → pretrain → train (2 steps, then --resume) → eval → compare --json,
 * and bad input (missing files, malformed lines, ids not in the catalogue) → exit 2 naming file/line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { rmSync } from 'node:fs';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'prorl-rec-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--conditions=@prorl/source', '--import', 'tsx', 'src/cli.ts', ...args], { cwd: app, env: { ...process.env, PRORL_DATA_DIR: join(tmp, 'no-data') } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += String(d)));
    p.stderr.on('data', (d) => (stderr += String(d)));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const N = 24;
const item = (k: number) => `i${((k % N) + N) % N}`;

/** A deterministic prepared dataset: 40 users walking i → i+7 (mod 24), 4-token semantic IDs. */
function tinyDataset(): Record<string, unknown> {
  const catalog = Object.fromEntries(Array.from({ length: N }, (_, k) => [item(k), { attributes: [`a${k % 3}`] }]));
  const semanticIds = Object.fromEntries(Array.from({ length: N }, (_, k) => [item(k), [k % 4, Math.floor(k / 4) % 3, Math.floor(k / 12), 1]]));
  const sequences: Record<string, string[]> = {};
  for (let u = 0; u < 40; u++) sequences[`u${u}`] = Array.from({ length: 12 }, (_, t) => item(u * 5 + t * 7));
  const rec = (u: number) => ({ user: `u${u}`, history: [item(u), item(u + 7), item(u + 14)], path: [item(u + 21), item(u + 28)], target: item(u + 35) });
  return { format: 'prorl-rec-dataset/1', name: 'tiny', notes: [], catalog, semanticIds, sequences, train: Array.from({ length: 32 }, (_, u) => rec(u + 8)), val: [0, 1, 2, 3].map(rec), test: [4, 5, 6, 7].map(rec) };
}

const data = join(tmp, 'tiny.json');
writeFileSync(data, JSON.stringify(tinyDataset()));

describe('prorl-rec (spawned)', () => {
  test('prepare (RecBole files) and stats; bad input exits 2 naming the file and line', async () => {
    const inter = join(tmp, 'x.inter');
    const itemF = join(tmp, 'x.item');
    const rows = ['user_id:token\titem_id:token\ttimestamp:float'];
    // steps of +3 keep the genre (coherent), every third step +1 breaks it: segments of 3 items
    for (let u = 0; u < 30; u++) {
      let k = u;
      for (let t = 0; t < 30; t++) {
        rows.push(`u${u}\t${item(k)}\t${u * 100 + t}`);
        k += t % 3 === 2 ? 1 : 3;
      }
    }
    writeFileSync(inter, rows.join('\n') + '\n');
    writeFileSync(itemF, ['item_id:token\tgenre:token_seq', ...Array.from({ length: N }, (_, k) => `${item(k)}\tg${k % 3} h${k % 2}`)].join('\n') + '\n');
    writeFileSync(join(tmp, 'bad.inter'), 'user_id:token\titem_id:token\ttimestamp:float\nu1\ti1\t5\nu1\ti2\n');
    const bad = tinyDataset();
    (bad.test as { target: string }[])[1]!.target = 'nope';
    writeFileSync(join(tmp, 'bad.json'), JSON.stringify(bad));
    writeFileSync(join(tmp, 'trunc.json'), JSON.stringify(tinyDataset()).slice(0, 200));
    const [prep, badLine, missing, unknownId, trunc, badMethod, histories] = await Promise.all([
      cli('prepare', '--source', 'recbole', '--inter', inter, '--item', itemF, '--user-k', '3', '--item-k', '3', '--out', join(tmp, 'rb.json'), '--json'),
      cli('prepare', '--source', 'recbole', '--inter', join(tmp, 'bad.inter'), '--item', itemF, '--out', join(tmp, 'never.json')),
      cli('stats', '--in', join(tmp, 'missing.json')),
      cli('stats', '--in', join(tmp, 'bad.json')),
      cli('pretrain', '--data', join(tmp, 'trunc.json'), '--out', join(tmp, 'never')),
      cli('compare', '--data', data, '--simulator', join(tmp, 'nosim'), '--method', 'oops'),
      cli('prepare', '--source', 'recbole', '--inter', inter, '--item', itemF, '--sim-histories', '--out', join(tmp, 'never.json')),
    ]);
    expect(prep.code, prep.stderr).toBe(0);
    const summary = JSON.parse(prep.stdout) as { dataset: string; items: number; train: number };
    expect(summary.dataset).toBe('recbole');
    expect(summary.items).toBeGreaterThan(0);
    const stats = await cli('stats', '--in', join(tmp, 'rb.json'), '--json');
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ dataset: 'recbole', items: summary.items, train: summary.train });
    expect(badLine.code).toBe(2);
    expect(badLine.stderr).toContain(`${join(tmp, 'bad.inter')}:3: has 2 fields but the header has 3`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(tmp, 'missing.json')}: prepared dataset not found`);
    expect(unknownId.code).toBe(2);
    expect(unknownId.stderr).toContain("test record 1 mentions item 'nope', which is not in the catalogue");
    expect(trunc.code).toBe(2);
    expect(trunc.stderr).toMatch(/trunc\.json:1: is not valid JSON/);
    expect(badMethod.code).toBe(2);
    expect(badMethod.stderr).toContain("--method: 'oops' is not label=DIR");
    expect(histories.code).toBe(2);
    expect(histories.stderr).toContain("--sim-histories: applies to source 'release' only, not 'recbole'");
    expect(existsSync(join(tmp, 'never.json'))).toBe(false);
    // the one-command pipeline on the same files, tiny sizes
    const pl = await cli('pipeline', '--source', 'recbole', '--inter', inter, '--item', itemF, '--user-k', '3', '--item-k', '3', '--preset', 'tiny', '--methods', 'prorl', 'reinforce', '--out', join(tmp, 'pipe'), '--json');
    expect(pl.code, pl.stderr).toBe(0);
    const pc = JSON.parse(pl.stdout) as { dataset: string; rows: { method: string }[] };
    expect(pc.rows.map((r) => r.method)).toEqual(['prorl', 'reinforce', 'pretrained', 'random', 'sim-greedy']);
    expect(JSON.parse(readFileSync(join(tmp, 'pipe', 'compare.json'), 'utf8'))).toEqual(pc);
    expect(existsSync(join(tmp, 'pipe', 'dataset.json'))).toBe(true);
    expect(pl.stderr).toMatch(/ETA/);
    // run.json carries the same methods scored on the held-out val records, unless --no-held-out
    const run = JSON.parse(readFileSync(join(tmp, 'pipe', 'run.json'), 'utf8')) as { heldOut?: { records: number; compare: { rows: { method: string }[] } } };
    expect(run.heldOut?.records).toBeGreaterThan(0);
    expect(run.heldOut?.compare.rows.map((r) => r.method)).toEqual(pc.rows.map((r) => r.method));
    const pl2 = await cli('pipeline', '--source', 'recbole', '--inter', inter, '--item', itemF, '--user-k', '3', '--item-k', '3', '--preset', 'tiny', '--methods', 'prorl', '--no-baselines', '--no-held-out', '--out', join(tmp, 'pipe2'));
    expect(pl2.code, pl2.stderr).toBe(0);
    expect(pl2.stdout).not.toContain('held-out');
    expect(JSON.parse(readFileSync(join(tmp, 'pipe2', 'run.json'), 'utf8'))).not.toHaveProperty('heldOut');
  }, 120_000);

  test('simulator → pretrain → train (2 steps, --resume) → eval → compare --json', async () => {
    const sim = join(tmp, 'sim');
    const pre = join(tmp, 'pre');
    const [s, p] = await Promise.all([
      cli('simulator', 'train', '--data', data, '--kind', 'sasrec', '--out', sim, '--epochs', '1', '--d-model', '16', '--layers', '1', '--heads', '1', '--max-len', '16', '--json'),
      cli('pretrain', '--data', data, '--out', pre, '--d-model', '32', '--heads', '2', '--layers', '1', '--max-history', '3', '--max-path', '4', '--max-steps', '2', '--batch-size', '16', '--json'),
    ]);
    expect(s.code, s.stderr).toBe(0);
    const sj = JSON.parse(s.stdout) as { test: { hr: number; ndcg: number } };
    expect(sj.test.hr).toBeGreaterThanOrEqual(0);
    expect(sj.test.hr).toBeLessThanOrEqual(1);
    expect(s.stderr).toMatch(/ETA/);
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout)).toMatchObject({ steps: 2, dataset: 'tiny' });
    expect(p.stderr).toMatch(/steps\/s ETA/);
    const rl = join(tmp, 'rl');
    const trainArgs = ['train', '--data', data, '--simulator', sim, '--init', pre, '--estimator', 'prorl', '--out', rl, '--epochs', '1', '--prompts', '2', '--samples', '4', '--json'];
    const [se, t1] = await Promise.all([cli('simulator', 'eval', '--data', data, '--simulator', sim, '--json'), cli(...trainArgs, '--steps-per-epoch', '2')]);
    expect(se.code, se.stderr).toBe(0);
    expect((JSON.parse(se.stdout) as { test: { hr: number } }).test.hr).toBeCloseTo(sj.test.hr, 6);
    expect(t1.code, t1.stderr).toBe(0);
    expect(JSON.parse(t1.stdout)).toMatchObject({ steps: 2, new_steps: 2, estimator: 'prorl' });
    expect(readFileSync(join(rl, 'metrics.jsonl'), 'utf8').trim().split('\n').filter((l) => l.includes('"step"')).length).toBeGreaterThanOrEqual(2);
    const t2 = await cli(...trainArgs, '--steps-per-epoch', '3', '--resume');
    expect(t2.code, t2.stderr).toBe(0);
    expect(JSON.parse(t2.stdout)).toMatchObject({ steps: 3, new_steps: 1 });
    // the reward options reach the objective: resuming with another one is refused, naming it
    const t3 = await cli(...trainArgs, '--steps-per-epoch', '4', '--resume', '--duplicates', 'invalid');
    expect(t3.code).toBe(2);
    expect(t3.stderr).toContain('duplicates = "keep", but this run asks for "invalid"');

    const [ev, cmp, badSim] = await Promise.all([
      cli('eval', '--data', data, '--simulator', sim, '--policy', rl, '--json'),
      cli('compare', '--data', data, '--simulator', sim, '--method', `prorl=${rl}`, '--method', `pretrained=${pre}`, '--baselines', '--seeds', '2', '--json'),
      cli('eval', '--data', data, '--simulator', join(tmp, 'nosim'), '--policy', rl),
    ]);
    expect(ev.code, ev.stderr).toBe(0);
    const e = JSON.parse(ev.stdout) as { records: number; path_len: number; ioi: number };
    expect(e.records).toBe(4);
    expect(e.path_len).toBeLessThanOrEqual(4);
    expect(cmp.code, cmp.stderr).toBe(0);
    expect(cmp.stdout.trim().split('\n')).toHaveLength(1);
    const c = JSON.parse(cmp.stdout) as { dataset: string; rows: Record<string, unknown>[] };
    expect(Object.keys(c).sort()).toEqual(['dataset', 'rows']);
    expect(c.dataset).toBe('tiny');
    expect(c.rows.map((r) => r.method)).toEqual(['prorl', 'pretrained', 'random', 'sim-greedy']);
    for (const r of c.rows) {
      expect(Object.keys(r).sort()).toEqual(['coherence', 'ctr', 'invalid_rate', 'ioi', 'ior', 'method', 'path_len', 'seeds', 'std']);
      expect(r.seeds).toBe(2);
      expect(Object.keys(r.std as object).sort()).toEqual(['coherence', 'ctr', 'invalid_rate', 'ioi', 'ior', 'path_len']);
    }
    expect(c.rows[0]!.ioi).toBeCloseTo(e.ioi, 9); // greedy @1: the same numbers as `eval`
    expect(badSim.code).toBe(2);
    expect(badSim.stderr).toContain(`--simulator: ${join(tmp, 'nosim')} does not exist`);
  }, 180_000);

  test('--help explains the options with their defaults', async () => {
    const h = await cli('train', '--help');
    expect(h.code).toBe(0);
    for (const o of ['--estimator', '--ablation', '--resume', '--steps-per-epoch', '--samples', '--stats-over', '--penalties', '--duplicates', '--centre-by', '--empty-paths']) expect(h.stdout).toContain(o);
    expect(h.stdout).toContain('[default: "centred"]');
    expect(h.stdout).toContain('--stats-over real --penalties zscore --empty-paths skip');
    expect(h.stdout).toContain('[default: "prorl"]');
    expect(h.stdout).toContain('[default: 16]');
  }, 60_000);
});
