import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCached, writeCached } from './phase-cache.js';

describe('phase cache', () => {
  it('returns the value only under the key it was written with; torn or missing files give null', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phase-cache-'));
    const f = join(dir, 'sub', 'x.json');
    expect(readCached(f, 'a')).toBeNull();
    writeCached(f, 'a', { n: 1 });
    expect(readCached<{ n: number }>(f, 'a')).toEqual({ n: 1 });
    expect(readCached(f, 'b')).toBeNull();
    writeFileSync(f, '{"key":"a","val');
    expect(readCached(f, 'a')).toBeNull();
    expect(readdirSync(join(dir, 'sub')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
