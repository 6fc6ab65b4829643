import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { AdamW } from '../optim/adamw.js';
import { decayMaskFromLayout } from '../optim/decay-mask.js';
import { OrtRolloutEngine } from './rollout.js';
import { OrtTrainer } from './train-engine.js';
import { PolicyWorker, PolicyWorkerError, workerEntry } from './worker.js';

const cfg = resolveModelConfig({ vocabSize: 13, dModel: 32, nHeads: 2, nLayers: 2, maxSeqLen: 32 });
const layout = new ParamLayout(cfg);

function batch(rng: Rng, B: number, T: number) {
  const ids = Array.from({ length: B * T }, () => rng.int(cfg.vocabSize));
  const coef = Float32Array.from({ length: B * T }, (_, i) => (i % T === 0 ? 0 : -1 / (B * T)));
  return { B, T, ids, coef };
}

describe('PolicyWorker', () => {
  it('picks the .ts entry with tsx under sources and the .js entry from dist', () => {
    expect(workerEntry('file:///x/src/engine/worker.ts').url.pathname).toBe('/x/src/engine/worker-entry.ts');
    expect(workerEntry('file:///x/src/engine/worker.ts').fromTs).toBe(true);
    expect(workerEntry('file:///x/dist/engine/worker.js').url.pathname).toBe('/x/dist/engine/worker-entry.js');
    expect(workerEntry('file:///x/dist/engine/worker.js').fromTs).toBe(false);
  });

  it('trains and generates off the main thread, matching the in-process engines, while main-thread timers keep firing', async () => {
    const params = layout.init(new Rng(2));
    const adamw = { lr: 3e-3, weightDecay: 0.1 };
    const worker = await PolicyWorker.start({ config: cfg, params, adamw });
    try {
      // In-process twin.
      const local = params.slice();
      const trainer = new OrtTrainer(cfg, local, new AdamW(layout.totalSize, adamw, decayMaskFromLayout(layout)));
      const rollout = new OrtRolloutEngine(cfg, local);

      let ticks = 0;
      const timer = setInterval(() => ticks++, 2);
      const rng = new Rng(5);
      const rngLocal = new Rng(5);
      const t0 = ticks;
      let last = 0;
      for (let i = 0; i < 4; i++) last = (await worker.step(batch(rng, 128, 32))).objective;
      const during = ticks - t0;
      clearInterval(timer);
      let lastLocal = 0;
      for (let i = 0; i < 4; i++) lastLocal = (await trainer.step(batch(rngLocal, 128, 32))).objective;
      expect(last).toBeCloseTo(lastLocal, 5);
      // The event loop was free while the worker computed (4 steps of 4096 tokens, ≥ 100 ms): a blocked
      // loop would coalesce the 2 ms timer to about one tick per step.
      expect(during).toBeGreaterThan(20);

      const wp = await worker.getParams();
      expect(wp).toEqual(local);
      const req = { prompts: [[1, 2, 3], [4]], seeds: [3, 4], sampling: { maxNewTokens: 5 } };
      expect(await worker.generate(req)).toEqual(await rollout.generate(req));

      // Reference scoring: frozen at init until resetReference.
      const sb = { B: 2, T: 4, ids: [1, 2, 3, 4, 5, 6, 7, 8] };
      const pol = await worker.score(sb, 'policy');
      const ref0 = await worker.score(sb, 'reference');
      expect(ref0.logp).not.toEqual(pol.logp);
      await worker.resetReference();
      expect((await worker.score(sb, 'reference')).logp).toEqual(pol.logp);

      // Checkpoint round trip: state now, two more steps, restore, the same two steps again.
      const saved = await worker.getState();
      expect(saved.optimizer.step).toBe(4);
      const b1 = batch(new Rng(9), 8, 16);
      const once = (await worker.step(b1)).objective;
      await worker.step(b1);
      await worker.loadState(saved);
      expect((await worker.step(b1)).objective).toBe(once);

      await expect(worker.step({ B: 1, T: 2, ids: [1, 99], coef: [0, 1] })).rejects.toThrow(PolicyWorkerError);
      await expect(worker.step({ B: 1, T: 2, ids: [1, 99], coef: [0, 1] })).rejects.toThrow(/PolicyInputError/);
      await trainer.release();
      await rollout.release();
    } finally {
      await worker.close();
    }
    await expect(worker.getParams()).rejects.toThrow(/closed/);
  });
});
