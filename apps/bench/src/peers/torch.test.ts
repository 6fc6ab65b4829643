import { describe, expect, it } from 'vitest';
import { classifyBlas, cpuHasAvx512, peerEnv, probeTorch, pythonCandidates, TORCH_PEER_SCRIPT } from './torch.js';
import { existsSync } from 'node:fs';

describe('torch peer settings', () => {
  it('sets SkylakeX only on AVX-512 CPUs, keeps a user choice, always 2 BLAS threads', () => {
    expect(peerEnv({}, true)).toMatchObject({ OPENBLAS_CORETYPE: 'SkylakeX', OPENBLAS_NUM_THREADS: '2' });
    expect(peerEnv({}, false).OPENBLAS_CORETYPE).toBeUndefined();
    expect(peerEnv({ OPENBLAS_CORETYPE: 'Cooperlake' }, false).OPENBLAS_CORETYPE).toBe('Cooperlake');
  });
  it('detects avx512f in cpuinfo text', () => {
    expect(cpuHasAvx512('flags\t: fpu sse avx2 avx512f avx512dq')).toBe(true);
    expect(cpuHasAvx512('flags\t: fpu sse avx2 avx512_vnni_x')).toBe(false);
  });
  it('tries PRORL_TORCH_PYTHON first, then python3, then the system python', () => {
    expect(pythonCandidates({ PRORL_TORCH_PYTHON: '/opt/py/bin/python' })).toEqual(['/opt/py/bin/python', 'python3', '/usr/bin/python3']);
    expect(pythonCandidates({})).toEqual(['python3', '/usr/bin/python3']);
  });
  it('reports a clear reason, not a crash, when no candidate has torch', () => {
    const p = probeTorch({}, ['/nonexistent/python-for-prorl']);
    expect(p.available).toBe(false);
    if (!p.available) {
      expect(p.reason).toContain('PyTorch not found');
      expect(p.reason).toContain('/nonexistent/python-for-prorl');
      expect(p.reason).toContain('PRORL_TORCH_PYTHON');
    }
  });
  it('tells OpenBLAS from the reference BLAS in the loaded libraries', () => {
    expect(classifyBlas(['/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3']).kind).toBe('openblas');
    expect(classifyBlas(['/usr/lib/x86_64-linux-gnu/blas/libblas.so.3']).kind).toBe('reference');
    expect(classifyBlas(['/opt/intel/libmkl_rt.so.2']).kind).toBe('mkl');
    expect(classifyBlas([])).toEqual({ kind: 'unknown', lib: null });
  });
  it('PRORL_TORCH_PYTHON=none disables the peer', () => {
    expect(probeTorch({ PRORL_TORCH_PYTHON: 'none' })).toEqual({ available: false, reason: 'PyTorch peer disabled (PRORL_TORCH_PYTHON=none)' });
  });
  it('ships the peer script', () => {
    expect(existsSync(TORCH_PEER_SCRIPT)).toBe(true);
  });
});
