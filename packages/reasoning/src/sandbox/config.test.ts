import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_CONFIG, resolveSandboxConfig } from './config.js';
import { SandboxError } from './errors.js';

describe('resolveSandboxConfig', () => {
  it('fills defaults (paper: 5 s total limit)', () => {
    expect(resolveSandboxConfig()).toEqual(DEFAULT_SANDBOX_CONFIG);
    expect(DEFAULT_SANDBOX_CONFIG.timeoutMs).toBe(5000);
    expect(resolveSandboxConfig({ timeoutMs: 300 }).timeoutMs).toBe(300);
  });
  it('rejects a stack that could crash the wasm engine, naming the field', () => {
    expect(() => resolveSandboxConfig({ maxStackBytes: 512 * 1024 })).toThrow(SandboxError);
    expect(() => resolveSandboxConfig({ maxStackBytes: 512 * 1024 })).toThrow(/maxStackBytes/);
    expect(() => resolveSandboxConfig({ workers: 0 })).toThrow(/workers/);
  });
});
