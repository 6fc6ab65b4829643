/** Paths the bench needs: the repository root and the bench app's default results folder. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The nearest ancestor of this module (or of `from`) holding pnpm-workspace.yaml; `from` itself if none. */
export function findRepoRoot(from: string = HERE): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}

/** `<repo>/bench-results`: the default results folder (committed), the same whatever the working directory. */
export function defaultResultsDir(): string {
  return join(findRepoRoot(), 'bench-results');
}
