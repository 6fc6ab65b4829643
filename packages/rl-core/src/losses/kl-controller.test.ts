import { describe, expect, test } from 'vitest';
import { InvalidParamError, UnknownNameError } from '../errors.js';
import { createKlController, DEFAULT_KL_CONTROLLER_CONFIG, restoreKlController, updateKlController } from './kl-controller.js';

describe('KL controllers', () => {
  test('fixed keeps β', () => {
    const s = createKlController({ kind: 'fixed', initBeta: 0.05 });
    expect(updateKlController(s, 10, 1000).beta).toBe(0.05);
  });

  test('adaptive follows β·(1 + clip(KL/target − 1, ±0.2)·n/horizon)', () => {
    const s = createKlController({ kind: 'adaptive', initBeta: 0.1, targetKl: 0.2, horizon: 1000 });
    // KL 0.22 → error 0.1 (inside the clip)
    expect(updateKlController(s, 0.22, 100).beta).toBeCloseTo(0.1 * (1 + 0.1 * 0.1), 15);
    // KL 1.0 → error 4 clipped to 0.2
    expect(updateKlController(s, 1.0, 100).beta).toBeCloseTo(0.1 * (1 + 0.2 * 0.1), 15);
    // KL 0 → error −1 clipped to −0.2
    expect(updateKlController(s, 0, 500).beta).toBeCloseTo(0.1 * (1 - 0.2 * 0.5), 15);
    // the input state is not modified
    expect(s.beta).toBe(0.1);
  });

  test('state survives a JSON round trip and keeps updating identically', () => {
    let a = createKlController({ kind: 'adaptive', initBeta: 1e-3 });
    for (const kl of [0.05, 0.3, 0.12]) a = updateKlController(a, kl, 256);
    const b = restoreKlController(JSON.parse(JSON.stringify(a)));
    expect(b).toEqual(a);
    expect(updateKlController(b, 0.2, 256)).toEqual(updateKlController(a, 0.2, 256));
  });

  test('defaults are verl defaults', () => {
    expect(DEFAULT_KL_CONTROLLER_CONFIG).toEqual({ kind: 'fixed', initBeta: 0.001, targetKl: 0.1, horizon: 10000 });
  });

  test('invalid configs, states and observations throw typed errors', () => {
    expect(() => createKlController({ kind: 'pid' as 'fixed' })).toThrow(UnknownNameError);
    expect(() => createKlController({ initBeta: -1 })).toThrow(InvalidParamError);
    expect(() => createKlController({ kind: 'adaptive', targetKl: 0 })).toThrow(/targetKl/);
    expect(() => createKlController({ kind: 'adaptive', horizon: 0 })).toThrow(/horizon/);
    expect(() => restoreKlController(null)).toThrow(InvalidParamError);
    expect(() => restoreKlController({ kind: 'adaptive', beta: 0.1, targetKl: -1, horizon: 10 })).toThrow(InvalidParamError);
    const s = createKlController({ kind: 'adaptive' });
    expect(() => updateKlController(s, NaN, 1)).toThrow(/currentKl/);
    expect(() => updateKlController(s, 0.1, -1)).toThrow(/nSteps/);
  });
});
