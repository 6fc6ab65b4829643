/**
 * Other projects import @prorl/rl-core: build it, `pnpm pack` it, install the tarball into a scratch
 * project outside the workspace, and call its public API from TypeScript (type-checked against the
 * shipped declarations) and from plain Node ESM.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(pkgDir, '..', '..');
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const scratch = mkdtempSync(join(tmpdir(), 'rl-core-pack-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const USAGE = `
import { grpoAdvantage, clippedPolicyLoss, klPenalty, passAtK, Rng, RlCoreError, checkGoldenFile } from '@prorl/rl-core';
const adv = grpoAdvantage({ B: 2, T: 2, tokenLevelRewards: [0, 1, 0, 0], responseMask: [1, 1, 1, 1], index: [0, 0] });
const loss = clippedPolicyLoss(
  { dims: { B: 2, T: 2 }, oldLogProb: [-1, -1, -1, -1], logProb: [-0.9, -1, -1.1, -1], advantages: adv.advantages, mask: [1, 1, 1, 1] },
  { clipLow: 0.2, clipHigh: 0.4, clipC: 3, aggMode: 'token-mean' },
);
const kl = klPenalty([-1, -2], [-1.5, -2], 'k3');
let typed = false;
try { passAtK(3, 5, 1); } catch (e) { typed = e instanceof RlCoreError; }
const out = {
  adv: Array.from(adv.advantages),
  loss: loss.loss,
  grad: loss.gradLogProbs.length,
  kl: kl.value.length,
  pass: passAtK(10, 3, 2),
  rng: new Rng(1).int(10) >= 0,
  typed,
  golden: typeof checkGoldenFile,
};
console.log(JSON.stringify(out));
`;

describe('@prorl/rl-core as an installed package', () => {
  test('pack, install outside the workspace, import from TypeScript and Node ESM', () => {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: pkgDir, stdio: 'pipe' });
    execFileSync('pnpm', ['pack', '--pack-destination', scratch], { cwd: pkgDir, stdio: 'pipe' });
    const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const proj = join(scratch, 'consumer');
    execFileSync('mkdir', ['-p', proj]);
    writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // npm installs the tarball without touching the registry: rl-core has no runtime dependencies
    // (tfjs is an optional peer used only by the ./tf entry point).
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(scratch, tarball!)], { cwd: proj, stdio: 'pipe' });

    writeFileSync(join(proj, 'use.mjs'), USAGE);
    const esm = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: proj, encoding: 'utf8' }).trim());

    writeFileSync(join(proj, 'use.ts'), USAGE);
    writeFileSync(
      join(proj, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, outDir: 'out', skipLibCheck: false, types: [], lib: ['ES2022', 'DOM'] }, files: ['use.ts'] }),
    );
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: proj, stdio: 'pipe' });
    const fromTs = JSON.parse(execFileSync(process.execPath, [join('out', 'use.js')], { cwd: proj, encoding: 'utf8' }).trim());

    for (const r of [esm, fromTs]) {
      expect(r.adv[0]).toBeCloseTo(0.7071, 3); // group [1, 0]: (1 - 0.5) / (std 0.7071 + 1e-6)
      expect(r.adv[2]).toBeCloseTo(-0.7071, 3);
      expect(Number.isFinite(r.loss)).toBe(true);
      expect(r.grad).toBe(4);
      expect(r.kl).toBe(2);
      expect(r.pass).toBeCloseTo(1 - (7 / 10) * (6 / 9), 12);
      expect(r.rng).toBe(true);
      expect(r.typed).toBe(true);
      expect(r.golden).toBe('function');
    }
  }, 180_000);
});
