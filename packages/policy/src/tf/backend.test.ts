import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { backendFromEnv, currentTfBackend, initTfBackend } from './backend.js';
import { TfModelError } from './errors.js';

describe('initTfBackend', () => {
  it('picks the best available backend automatically and logs once with the reason', async () => {
    const lines: string[] = [];
    const info = await initTfBackend({ log: (l) => lines.push(l) });
    // tfjs-node is not installed here, so auto falls back to wasm
    expect(info.name).toBe('wasm');
    expect(info.reason).toMatch(/auto/);
    expect(info.reason).toMatch(/tensorflow/);
    expect(tf.getBackend()).toBe('wasm');
    await initTfBackend({ log: (l) => lines.push(l) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/tfjs backend: wasm/);
    expect(currentTfBackend()).toEqual(info);
  });

  it('serialises concurrent calls', async () => {
    const [a, b] = await Promise.all([initTfBackend({ backend: 'cpu', log: false }), initTfBackend({ backend: 'wasm', log: false })]);
    expect(a.name).toBe('cpu');
    expect(b.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('honours an explicit request and switches backends', async () => {
    const cpu = await initTfBackend({ backend: 'cpu', log: false });
    expect(cpu.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await initTfBackend({ backend: 'wasm', log: false });
    expect(wasm.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('fails loudly when a requested backend is unavailable', async () => {
    await expect(initTfBackend({ backend: 'tensorflow', log: false })).rejects.toThrow(TfModelError);
    await expect(initTfBackend({ backend: 'tensorflow', log: false })).rejects.toThrow(/tfjs-node/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('reads PRORL_TF_BACKEND and rejects unknown values with the valid list', () => {
    expect(backendFromEnv({})).toBeUndefined();
    expect(backendFromEnv({ PRORL_TF_BACKEND: 'cpu' })).toBe('cpu');
    expect(() => backendFromEnv({ PRORL_TF_BACKEND: 'gpu' })).toThrow(/tensorflow, wasm, cpu/);
  });

  it('uses PRORL_TF_BACKEND when no option is given', async () => {
    const prev = process.env.PRORL_TF_BACKEND;
    process.env.PRORL_TF_BACKEND = 'cpu';
    try {
      const info = await initTfBackend({ log: false });
      expect(info.name).toBe('cpu');
      expect(info.reason).toMatch(/PRORL_TF_BACKEND/);
    } finally {
      if (prev === undefined) delete process.env.PRORL_TF_BACKEND;
      else process.env.PRORL_TF_BACKEND = prev;
    }
    await initTfBackend({ backend: 'wasm', log: false });
  });
});
