import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RecDataset } from '../data/types.js';
import { loadDataset, saveDataset } from './dataset-json.js';

describe('prepared dataset JSON', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prorl-rec-ds-'));
  const d: RecDataset = {
    name: 'toy',
    notes: ['n'],
    catalog: new Map([
      ['a', { id: 'a', attributes: ['X'], title: 'A' }],
      ['b', { id: 'b', attributes: [] }],
    ]),
    sequences: new Map([['u', ['a', 'b']]]),
    semanticIds: new Map([
      ['a', [0, 1]],
      ['b', [1, 1]],
    ]),
    train: [{ user: 'u', history: ['a'], path: [], target: 'b' }],
    val: [],
    test: [{ history: ['b'], path: ['a'], target: 'b' }],
  };
  test('round trip, written atomically (no temp files left)', () => {
    const f = join(dir, 'out', 'toy.json');
    saveDataset(f, d);
    expect(loadDataset(f)).toEqual(d);
    expect(readdirSync(join(dir, 'out'))).toEqual(['toy.json']);
  });
  test('bad files name the problem', () => {
    expect(() => loadDataset(join(dir, 'none.json'))).toThrow(/run `prorl-rec prepare` first/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"prorl-rec-dataset/1","catalog":{"a":{"attributes":[]}},"train":[{"history":["a"],"path":[],"target":"zz"}],"val":[],"test":[]}');
    expect(() => loadDataset(bad)).toThrow(/train record 0 mentions item 'zz'/);
    writeFileSync(bad, '{not json');
    expect(() => loadDataset(bad)).toThrow(/not valid JSON/);
    writeFileSync(bad, '{\n"format": "prorl-rec-dataset/1",\n"catalog": {,\n}');
    expect(() => loadDataset(bad)).toThrow(`${bad}:3: is not valid JSON`);
  });
});
