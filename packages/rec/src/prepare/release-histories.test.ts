import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { simulatorData } from '../simulator/train.js';
import { loadDataset, saveDataset } from '../io/dataset-json.js';
import { resolveDataDir } from '../data/data-dir.js';
import { RecDataError } from '../data/errors.js';
import { loadProrlRelease } from '../data/prorl-release.js';
import { attachReleaseHistories } from './release-histories.js';
import type { PathRecord, RecDataset } from '../data/types.js';

/**
 * Six ML-1M users (raw 11..16 = release users 1..6) over items 1..9; item 9 is outside the release
 * catalogue. Test record A's history {1,2} is rated by users 1 and 2; record B's {7,8} only by user 5.
 */
function miniRelease(withTimestamps: boolean): { dir: string; maps: string; dataset: RecDataset } {
  const dir = mkdtempSync(join(tmpdir(), 'prorl-rec-hist-'));
  writeFileSync(join(dir, 'movies.dat'), Array.from({ length: 9 }, (_, i) => `${i + 1}::Movie ${i + 1} (1999)::Comedy`).join('\n') + '\n', 'latin1');
  const rated: Record<number, number[]> = { 11: [1, 2, 3, 4, 9], 12: [1, 2, 5, 6], 13: [3, 4, 5, 6], 14: [1, 3, 5], 15: [6, 7, 8], 16: [2, 4, 6, 8] };
  if (withTimestamps) {
    // user 11 rated in the order 4, 3, 2, 1, 9
    const rows = Object.entries(rated).flatMap(([u, items]) => items.map((it, k) => `${u}::${it}::4::${u === '11' ? 100 - k : 100 + k}`));
    writeFileSync(join(dir, 'ratings.dat'), rows.join('\n') + '\n');
  } else {
    const rows = Object.entries(rated).flatMap(([u, items]) => items.map((it) => `${u}\t${it}\t${it}\t4`));
    writeFileSync(join(dir, 'ratings_uir.tsv'), 'user_id\titem_index\tmovie_id\trating\n' + rows.join('\n') + '\n');
  }
  const maps = join(dir, 'mini.datamaps');
  writeFileSync(maps, JSON.stringify({ id2user: { 1: '11', 2: '12', 3: '13', 4: '14', 5: '15', 6: '16' } }));
  const catalog = new Map(Array.from({ length: 8 }, (_, i) => [String(i + 1), { id: String(i + 1), attributes: ['Comedy'] }]));
  const rec = (user: string | undefined, history: string[], path: string[], target: string): PathRecord => ({ ...(user ? { user } : {}), history, path, target });
  const dataset: RecDataset = {
    name: 'mini',
    catalog,
    train: [rec('3', ['6'], ['4'], '3')],
    val: [],
    test: [rec(undefined, ['1', '2'], [], '7'), rec(undefined, ['7', '8'], [], '1')],
    notes: [],
  };
  return { dir, maps, dataset };
}

describe('attachReleaseHistories', () => {
  test('without timestamps: shuffled histories, released paths last in their order, test users covered and held out', () => {
    const { dir, maps, dataset } = miniRelease(false);
    const d = attachReleaseHistories(dataset, { ratingsDir: dir, datamapsFile: maps, valFraction: 0.2 });
    expect(d.sequences!.size).toBe(6);
    expect([...d.sequences!.get('1')!].sort()).toEqual(['1', '2', '3', '4']); // item 9 is not in the catalogue
    expect(d.sequences!.get('3')!.slice(-3)).toEqual(['6', '4', '3']); // user 3's released record, in order
    // record B → user 5 (only rater); record A → users 1 and 2 both fit: the cover picks one of them
    expect(d.simulatorSplit!.test).toContain('5');
    expect(d.simulatorSplit!.test.length).toBe(2);
    expect(d.simulatorSplit!.test.filter((u) => u === '1' || u === '2').length).toBe(1);
    expect(d.simulatorSplit!.val.length).toBe(1);
    for (const u of d.simulatorSplit!.val) expect(d.simulatorSplit!.test).not.toContain(u);
    expect(d.notes.join(' ')).toMatch(/shuffled/);
    // the same seed gives the same histories and split
    const again = attachReleaseHistories(dataset, { ratingsDir: dir, datamapsFile: maps, valFraction: 0.2 });
    expect([...again.sequences!]).toEqual([...d.sequences!]);
    expect(again.simulatorSplit).toEqual(d.simulatorSplit);
    // the simulator holds out exactly the split's users
    const sd = simulatorData(d);
    expect(sd.train.length + sd.valSeqs.length + sd.test.length).toBe(6);
    expect(sd.train.length).toBe(3);
    // and the split survives the dataset file
    const file = join(dir, 'd.json');
    saveDataset(file, d);
    expect(loadDataset(file).simulatorSplit).toEqual(d.simulatorSplit);
  });

  test('with ratings.dat the histories are time-ordered', () => {
    const { dir, maps, dataset } = miniRelease(true);
    const d = attachReleaseHistories(dataset, { ratingsDir: dir, datamapsFile: maps });
    expect(d.sequences!.get('1')).toEqual(['4', '3', '2', '1']);
    expect(d.notes.join(' ')).toMatch(/time-ordered/);
  });

  test('names the missing ratings and a datamaps file without id2user', () => {
    const { dir, maps, dataset } = miniRelease(false);
    expect(() => attachReleaseHistories(dataset, { ratingsDir: join(dir, 'nowhere'), datamapsFile: maps })).toThrow(/ratings not found/);
    writeFileSync(maps, '{}');
    expect(() => attachReleaseHistories(dataset, { ratingsDir: dir, datamapsFile: maps })).toThrow(RecDataError);
    expect(() => attachReleaseHistories(dataset, { ratingsDir: dir, datamapsFile: maps })).toThrow(/id2user/);
  });
});

const dataDir = resolveDataDir();
const withData = dataDir ? describe : describe.skip;
if (!dataDir) console.warn('[skip] ML-1M release histories: no ../shared/data and PRORL_DATA_DIR unset');

withData("ML-1M release histories (../shared/data)", () => {
  test('6,022 users, every test record covered, the released val records at the ends of their users\' histories', () => {
    const rel = loadProrlRelease({ dir: join(dataDir!, 'prorl-rec', 'datasets'), name: 'ml-1m' });
    const d = attachReleaseHistories(rel, { ratingsDir: join(dataDir!, 'ml-1m-raw'), datamapsFile: join(dataDir!, 'prorl-rec', 'datasets', 'ml-1m', 'ml-1m.datamaps') });
    expect(d.sequences!.size).toBe(6022);
    expect(d.notes.join(' ')).toMatch(/cover 6928 of 6928 test records/);
    const test = new Set(d.simulatorSplit!.test);
    expect(test.size).toBeGreaterThan(200);
    expect(test.size).toBeLessThan(700);
    const r = rel.train[0]!;
    const seq = d.sequences!.get(r.user!)!;
    const seg = [...r.history, ...r.path, r.target];
    const at = seq.indexOf(seg[0]!);
    expect(seq.slice(at, at + seg.length)).toEqual(seg);
  });
});
