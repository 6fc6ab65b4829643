/**
 * The PyTorch peer (`apps/bench/peers/torch_transformer.py`): finds a Python with torch, runs the
 * peer with the BLAS settings that make Debian's torch fair to compare against (research/deps.md §4):
 * `OPENBLAS_CORETYPE=SkylakeX` when the CPU has AVX-512 (Debian's OpenBLAS 0.3.21 otherwise picks SSE3
 * kernels and is 4–6× slower), `OPENBLAS_NUM_THREADS=2`, and `torch.set_num_threads(1)` (in the script).
 * These variables go to the peer's process only. Absent torch is not an error: `probeTorch` says why.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The peer script, resolved from this module (works from src/ and dist/). */
export const TORCH_PEER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'peers', 'torch_transformer.py');

export type TorchProbe =
  | { available: true; python: string; torch: string; numpy: string | null; blas: string | null; env: Record<string, string> }
  | { available: false; reason: string };

/** Python run by `probeTorch`: versions, and the BLAS library the process actually loaded (from /proc/self/maps). */
const PROBE_SCRIPT = [
  'import json, torch',
  'try:',
  '    import numpy; n = numpy.__version__',
  'except ImportError:',
  '    n = None',
  'torch.ones(64, 64) @ torch.ones(64, 64)',
  'libs = []',
  'try:',
  '    libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.split()[-1].lower()})',
  'except OSError:',
  '    pass',
  'print(json.dumps([torch.__version__, n, libs]))',
].join('\n');

/**
 * Classifies the loaded BLAS libraries: 'reference' when only the netlib reference BLAS is loaded
 * (Debian's `libblas3` without `libopenblas0-pthread`: ~1 GFLOP/s, a meaningless peer), else a name.
 */
export function classifyBlas(libs: readonly string[]): { kind: 'openblas' | 'mkl' | 'reference' | 'unknown'; lib: string | null } {
  const find = (re: RegExp) => libs.find((l) => re.test(l)) ?? null;
  const ob = find(/openblas/i);
  if (ob) return { kind: 'openblas', lib: ob };
  const mkl = find(/mkl/i);
  if (mkl) return { kind: 'mkl', lib: mkl };
  const ref = find(/\/blas\/libblas\.so|libblas\.so\.3$/);
  if (ref) return { kind: 'reference', lib: ref };
  return { kind: 'unknown', lib: libs[0] ?? null };
}

/** True when /proc/cpuinfo lists avx512f (the SkylakeX kernels need it); false when unknown. */
export function cpuHasAvx512(cpuinfo?: string): boolean {
  try {
    const text = cpuinfo ?? (existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '');
    return /\bavx512f\b/.test(text);
  } catch {
    return false;
  }
}

/**
 * Environment additions for the peer process. A user-set OPENBLAS_CORETYPE is kept; otherwise
 * SkylakeX is set only on an AVX-512 CPU (forcing it elsewhere would crash with an illegal instruction).
 */
export function peerEnv(env: NodeJS.ProcessEnv, avx512: boolean = cpuHasAvx512()): Record<string, string> {
  const out: Record<string, string> = { OPENBLAS_NUM_THREADS: '2', OMP_NUM_THREADS: '1', PYTHONUNBUFFERED: '1' };
  if (env.OPENBLAS_CORETYPE) out.OPENBLAS_CORETYPE = env.OPENBLAS_CORETYPE;
  else if (avx512) out.OPENBLAS_CORETYPE = 'SkylakeX';
  return out;
}

/**
 * Pythons to try, in order: env PRORL_TORCH_PYTHON, then `python3` on PATH, then the system's
 * /usr/bin/python3 (where Debian's python3-torch lives even when a pyenv/venv python3 shadows it).
 */
export function pythonCandidates(env: NodeJS.ProcessEnv): string[] {
  return [...new Set([env.PRORL_TORCH_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p))];
}

/** Finds a Python that imports torch (and reports numpy when present); never throws. PRORL_TORCH_PYTHON=none disables the peer. */
export function probeTorch(env: NodeJS.ProcessEnv = process.env, candidates: readonly string[] = pythonCandidates(env)): TorchProbe {
  if (env.PRORL_TORCH_PYTHON === 'none') return { available: false, reason: 'PyTorch peer disabled (PRORL_TORCH_PYTHON=none)' };
  if (!existsSync(TORCH_PEER_SCRIPT)) return { available: false, reason: `peer script missing at ${TORCH_PEER_SCRIPT}` };
  const extra = peerEnv(env);
  const problems: string[] = [];
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', PROBE_SCRIPT], {
      env: { ...env, ...extra },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.error) {
      problems.push(`${py}: ${r.error.message}`);
      continue;
    }
    if (r.status !== 0) {
      const last = (r.stderr || '').trim().split('\n').pop() ?? '';
      problems.push(`${py}: ${last || `exit ${r.status}`}`);
      continue;
    }
    let parsed: [string, string | null, string[]];
    try {
      parsed = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as [string, string | null, string[]];
    } catch {
      problems.push(`${py}: unexpected output ${JSON.stringify(r.stdout.slice(0, 80))}`);
      continue;
    }
    const [torch, numpy, libs] = parsed;
    const blas = classifyBlas(libs);
    if (blas.kind === 'reference') {
      return {
        available: false,
        reason: `${py} has torch ${torch} but it runs on the reference BLAS (${blas.lib}), about 100x slower than OpenBLAS, which would flatter us; install OpenBLAS (Debian: apt-get install libopenblas0-pthread) or point PRORL_TORCH_PYTHON at a tuned torch`,
      };
    }
    return { available: true, python: py, torch, numpy, blas: blas.lib, env: extra };
  }
  return {
    available: false,
    reason: `PyTorch not found (${problems.join('; ')}); install it (Debian: apt-get install python3-torch python3-numpy) or set PRORL_TORCH_PYTHON to a Python that has torch`,
  };
}

/** A peer request (see the script's docstring for the tasks). */
export type PeerRequest = { task: 'info' | 'train' | 'rollout' | 'sgemm' | 'check' } & Record<string, unknown>;

export class TorchPeerError extends Error {
  override readonly name = 'TorchPeerError';
}

/**
 * A long-lived peer process in `--serve` mode: one JSON request line in, one JSON line out, so models
 * stay warm across adjacent-pair measurements. `close()` ends it (idempotent).
 */
export class TorchPeer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly waiting: ((line: string | null) => void)[] = [];
  private stderr = '';
  private closed = false;

  private constructor(python: string, env: Record<string, string>) {
    this.child = spawn(python, [TORCH_PEER_SCRIPT, '--serve'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (l) => this.waiting.shift()?.(l));
    this.child.on('close', () => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) w(null);
    });
  }

  /** OS process id of the peer (for CPU accounting), undefined if it failed to spawn. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  static start(probe: Extract<TorchProbe, { available: true }>): TorchPeer {
    return new TorchPeer(probe.python, probe.env);
  }

  /** Sends one request; resolves with the parsed reply, throws TorchPeerError on a failed task. */
  async request<T = Record<string, unknown>>(req: PeerRequest): Promise<T> {
    if (this.closed) throw new TorchPeerError(`torch peer exited; stderr: ${this.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const line = await new Promise<string | null>((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(`${JSON.stringify(req)}\n`);
    });
    if (line === null) throw new TorchPeerError(`torch peer exited during '${req.task}'; stderr: ${this.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const reply = JSON.parse(line) as { ok: boolean; error?: string };
    if (!reply.ok) throw new TorchPeerError(`torch peer task '${req.task}' failed: ${reply.error ?? 'unknown error'}`);
    return reply as T;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      this.child.once('close', () => resolve());
      this.child.stdin.end();
    });
  }
}
