import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Rng } from '@prorl/rl-core';
import { resolveDataDir } from './data-dir.js';
import { RecDataError } from './errors.js';
import { loadMovieLens100K, loadMovieLens1M } from './movielens.js';
import { loadProrlRelease, parseRecords } from './prorl-release.js';
import { loadRecBoleInteractions, loadRecBoleItems } from './recbole.js';
import type { Catalog } from './types.js';
import { coherentSegments, minePaths, sharesAttribute } from '../prepare/path-mining.js';
import { kCore } from '../prepare/kcore.js';
import { userSequences } from '../prepare/sequences.js';
import { drawTestTarget, splitUsers } from '../prepare/split.js';

function cat(entries: Record<string, string[]>): Catalog {
  return new Map(Object.entries(entries).map(([id, attributes]) => [id, { id, attributes }]));
}

describe('path mining (hand-worked)', () => {
  // a,b share X; b,c share Y; c,d share nothing; d,e share Z (and Drama); e,f share only Drama.
  const catalog = cat({ a: ['X'], b: ['X', 'Y'], c: ['Y'], d: ['Z', 'Drama'], e: ['Z', 'Drama'], f: ['Drama'], h: ['Q'] });
  test('oracle ignores excluded attributes', () => {
    const ex = new Set(['Drama']);
    expect(sharesAttribute(catalog, 'a', 'b', ex)).toBe(true);
    expect(sharesAttribute(catalog, 'e', 'f', ex)).toBe(false);
    expect(sharesAttribute(catalog, 'e', 'f', new Set())).toBe(true);
    expect(sharesAttribute(catalog, 'a', 'zzz', ex)).toBe(false);
  });
  test('segments cut where the oracle fails; singletons dropped', () => {
    const seq = ['a', 'b', 'c', 'd', 'e', 'f', 'h'];
    expect(coherentSegments(seq, catalog, { historyLen: 0, maxSegment: 10, exclude: ['Drama'] })).toEqual([
      [0, 3],
      [3, 5],
    ]);
    expect(coherentSegments(seq, catalog, { historyLen: 0, maxSegment: 10, exclude: [] })).toEqual([
      [0, 3],
      [3, 6],
    ]);
  });
  test('maxSegment caps a long coherent run', () => {
    const c = cat({ p: ['X'], q: ['X'], r: ['X'], s: ['X'], t: ['X'] });
    expect(coherentSegments(['p', 'q', 'r', 's', 't'], c, { historyLen: 0, maxSegment: 2, exclude: [] })).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });
  test('records take the history right before the segment and the last item as target', () => {
    const seq = new Map([['u1', ['h', 'f', 'a', 'b', 'c', 'h']]]);
    const recs = minePaths(seq, catalog, { historyLen: 2, exclude: ['Drama'] });
    expect(recs).toEqual([{ user: 'u1', history: ['h', 'f'], path: ['a', 'b'], target: 'c' }]);
    // Too little history: no record.
    expect(minePaths(seq, catalog, { historyLen: 3, exclude: ['Drama'] })).toEqual([]);
  });
});

describe('preparation', () => {
  test('k-core iterates until both thresholds hold', () => {
    const xs = [
      { user: 'u1', item: 'i1', time: 1 },
      { user: 'u1', item: 'i2', time: 2 },
      { user: 'u2', item: 'i1', time: 1 },
      { user: 'u2', item: 'i2', time: 2 },
      { user: 'u3', item: 'i3', time: 1 }, // u3 has 1 interaction, i3 has 1 user
      { user: 'u2', item: 'i3', time: 3 },
    ];
    const out = kCore(xs, 2, 2);
    expect(out.map((x) => `${x.user}${x.item}`).sort()).toEqual(['u1i1', 'u1i2', 'u2i1', 'u2i2']);
  });
  test('sequences are time ordered, ties keep file order', () => {
    const s = userSequences([
      { user: 'u', item: 'b', time: 5 },
      { user: 'u', item: 'a', time: 1 },
      { user: 'u', item: 'c', time: 5 },
    ]);
    expect(s.get('u')).toEqual(['a', 'b', 'c']);
  });
  test('user split is a seeded 80/10/10 partition', () => {
    const users = Array.from({ length: 100 }, (_, i) => `u${i}`);
    const a = splitUsers(users, new Rng(1));
    const b = splitUsers(users, new Rng(1));
    expect([...a.train]).toEqual([...b.train]);
    expect([a.train.size, a.val.size, a.test.size]).toEqual([80, 10, 10]);
    const all = new Set([...a.train, ...a.val, ...a.test]);
    expect(all.size).toBe(100);
  });
  test('test targets are items the user never saw', () => {
    const rng = new Rng(3);
    const items = ['a', 'b', 'c', 'd', 'e'];
    for (let i = 0; i < 50; i++) {
      const r = drawTestTarget({ user: 'u', history: ['a'], path: ['b'], target: 'c' }, new Set(['a', 'b', 'c']), items, rng);
      expect(r.path).toEqual(['b', 'c']);
      expect(['d', 'e']).toContain(r.target);
    }
  });
});

describe('loaders on small files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prorl-rec-data-'));
  test('RecBole .item (CSV with quotes, token_seq) and .inter', () => {
    const item = join(dir, 'x.item');
    writeFileSync(item, 'item_id:token,title:token,genres:token_seq\n1,"Movie, The (1999)",Action Comedy\n2,Other,Drama\n');
    const c = loadRecBoleItems(item);
    expect(c.get('1')).toEqual({ id: '1', title: 'Movie, The (1999)', attributes: ['Action', 'Comedy'] });
    const books = join(dir, 'b.item');
    writeFileSync(books, "item_id:token\tgenres:token_seq\n7\t['Fiction', 'Literary']\n");
    expect(loadRecBoleItems(books).get('7')?.attributes).toEqual(['Fiction', 'Literary']);
    const inter = join(dir, 'x.inter');
    writeFileSync(inter, 'user_id:token\titem_id:token\ttimestamp:float\nu\t1\t10\nu\t2\t5\n');
    const r = loadRecBoleInteractions(inter);
    expect(r.timestamps).toBe(true);
    expect(r.interactions.map((x) => x.time)).toEqual([10, 5]);
  });
  test('bad data names the file, the line and the problem', () => {
    const inter = join(dir, 'bad.inter');
    writeFileSync(inter, 'user_id:token\titem_id:token\ttimestamp:float\nu\t1\n');
    expect(() => loadRecBoleInteractions(inter)).toThrow(/bad\.inter:2: has 2 fields/);
    expect(() => loadRecBoleItems(join(dir, 'missing.item'))).toThrow(RecDataError);
    const catalog = cat({ a: [], b: [] });
    expect(() => parseRecords([{ inters: [], proc_path: ['a'] }], 'f.val', catalog)).toThrow(/record 0 has an empty/);
    expect(() => parseRecords([{ inters: ['a'], proc_path: ['zz'] }], 'f.val', catalog)).toThrow(/'zz', which is not in the catalogue/);
    expect(() => parseRecords('nope', 'f.val', catalog)).toThrow(/not a JSON list/);
  });
});

const dataDir = resolveDataDir();
const withData = dataDir ? describe : describe.skip;
if (!dataDir) console.warn('[skip] real-data tests: no ../shared/data and PRORL_DATA_DIR unset');

withData('real datasets (../shared/data)', () => {
  test('ML-100K loads 100,000 timestamped ratings over 1,682 movies; mining yields coherent paths', () => {
    const d = loadMovieLens100K(join(dataDir!, 'movielens-100k'));
    expect(d.interactions.length).toBe(100_000);
    expect(d.catalog.size).toBe(1682);
    const seqs = userSequences(d.interactions);
    expect(seqs.size).toBe(943);
    const recs = minePaths(seqs, d.catalog, { exclude: ['Drama'] });
    expect(recs.length).toBeGreaterThan(1000);
    const ex = new Set(['Drama']);
    for (const r of recs.slice(0, 500)) {
      const seg = [...r.path, r.target];
      expect(seg.length).toBeGreaterThanOrEqual(2);
      expect(seg.length).toBeLessThanOrEqual(10);
      expect(r.history.length).toBe(10);
      for (let i = 1; i < seg.length; i++) expect(sharesAttribute(d.catalog, seg[i - 1]!, seg[i]!, ex)).toBe(true);
    }
  });
  test('ML-1M raw metadata and timestamp-less ratings', () => {
    const d = loadMovieLens1M(join(dataDir!, 'ml-1m-raw'));
    expect(d.catalog.size).toBe(3883);
    expect(d.timestamps).toBe(false);
    expect(d.interactions.length).toBeGreaterThan(999_000);
  });
  test("the authors' ML-1M records: 6,771 val and 6,928 test, every inner path pair coherent", () => {
    const d = loadProrlRelease({ dir: join(dataDir!, 'prorl-rec', 'datasets'), name: 'ml-1m' });
    expect(d.train.length + d.val.length).toBe(6771);
    expect(d.test.length).toBe(6928);
    expect(d.semanticIds?.size).toBe(3883);
    expect(d.notes[0]).toMatch(/not released/);
    const ex = new Set(['Drama']);
    for (const r of d.train.slice(0, 300)) {
      expect(r.history.length).toBe(10);
      const seg = [...r.path, r.target];
      for (let i = 1; i < seg.length; i++) expect(sharesAttribute(d.catalog, seg[i - 1]!, seg[i]!, ex)).toBe(true);
    }
  });
});

withData('ML-100K pipeline', () => {
  test('prepare: k-core, split, mined paths, test targets unseen by their users, semantic ids for every item', async () => {
    const { prepareDataset } = await import('../prepare/pipeline.js');
    const { SemanticIdCodec } = await import('../semantic-ids/codec.js');
    const loaded = loadMovieLens100K(join(dataDir!, 'movielens-100k'));
    const d = prepareDataset('ml-100k', loaded);
    expect(d.train.length).toBeGreaterThan(d.val.length);
    expect(d.test.length).toBeGreaterThan(50);
    const trainUsers = new Set(d.train.map((r) => r.user));
    for (const r of d.test) expect(trainUsers.has(r.user)).toBe(false);
    for (const r of d.test.slice(0, 200)) expect(d.sequences!.get(r.user!)!.includes(r.target)).toBe(false);
    const codec = new SemanticIdCodec(d.semanticIds!, 1);
    for (const id of d.catalog.keys()) expect(codec.decode(codec.encode(id))).toBe(id);
    expect(d.notes.join(' ')).toMatch(/k-core/);
  });
});
