/**
 * Configuration of the SFT warm start: which families and levels the base policy sees worked
 * solutions of, the tiny char-level model, and the optimisation. Everything else (other families,
 * higher levels) stays unseen, so the base has pass@k = 0 on some tasks, as ProRL's base did on e.g.
 * boxnet [P §4].
 */
import { resolveModelConfig, type ModelConfig } from '@prorl/policy';
import { getFamily } from '../tasks/registry.js';
import { ProRLConfigError } from '../train/errors.js';

export interface SftConfig {
  /** Seed of the data stream and the weight initialisation. */
  seed: number;
  /** Families whose worked solutions (`solve()`) are the SFT data. */
  families: string[];
  /** Levels used, per family (levels a family lacks are skipped; a family left with none is an error). */
  levels: number[];
  /** Optimizer updates. */
  steps: number;
  /** Sequences per update. */
  batchSize: number;
  /** Peak learning rate (AdamW); a few hundred K params learn fast at ~3e-3. */
  lr: number;
  /** Linear warmup updates, then cosine decay to `minLr` at `steps`. */
  warmupSteps: number;
  minLr: number;
  weightDecay: number;
  /** Global gradient-norm clip (Infinity disables). */
  gradClip: number;
  /** Model shape; vocabSize comes from the char tokenizer. ~420K params at D 128, L 2. */
  model: Partial<Omit<ModelConfig, 'vocabSize'>>;
  /** Checkpoint directory written at the end (atomic); null = do not write. */
  outDir: string | null;
}

export const DEFAULT_SFT_CONFIG: SftConfig = {
  seed: 0,
  families: ['number_sorting', 'power_function', 'letter_counting'],
  levels: [1],
  steps: 200,
  batchSize: 32,
  lr: 3e-3,
  warmupSteps: 20,
  minLr: 3e-4,
  weightDecay: 0.01,
  gradClip: 1.0,
  model: { dModel: 128, nHeads: 4, nLayers: 2, maxSeqLen: 160 },
  outDir: null,
};

/** Merges `partial` over the defaults and validates; errors name the field and the fix. */
export function resolveSftConfig(partial: Partial<SftConfig> = {}): SftConfig {
  const c: SftConfig = { ...DEFAULT_SFT_CONFIG, ...partial, model: { ...DEFAULT_SFT_CONFIG.model, ...(partial.model ?? {}) } };
  const posInt = (field: string, v: number, fix: string) => {
    if (!Number.isInteger(v) || v < 1) throw new ProRLConfigError(`sft.${field}`, `must be a positive integer, got ${v}`, fix);
  };
  posInt('steps', c.steps, 'pass e.g. --steps 300');
  posInt('batchSize', c.batchSize, 'pass e.g. --batch-size 32');
  if (!Number.isInteger(c.seed) || c.seed < 0) throw new ProRLConfigError('sft.seed', `must be a non-negative integer, got ${c.seed}`, 'pass e.g. --seed 0');
  if (!(c.lr > 0 && Number.isFinite(c.lr))) throw new ProRLConfigError('sft.lr', `must be a finite number > 0, got ${c.lr}`, 'use e.g. 3e-3 for a tiny model');
  if (!(c.minLr >= 0 && c.minLr <= c.lr)) throw new ProRLConfigError('sft.minLr', `must be in [0, lr=${c.lr}], got ${c.minLr}`, 'lower minLr');
  if (!Number.isInteger(c.warmupSteps) || c.warmupSteps < 0 || c.warmupSteps >= c.steps) {
    throw new ProRLConfigError('sft.warmupSteps', `must be an integer in [0, steps=${c.steps}), got ${c.warmupSteps}`, 'use a short warmup, e.g. 20');
  }
  if (!(c.gradClip > 0)) throw new ProRLConfigError('sft.gradClip', `must be > 0 (Infinity disables), got ${c.gradClip}`, 'use 1.0');
  if (c.families.length === 0) throw new ProRLConfigError('sft.families', 'is empty', 'name at least one family (see `prorl-reason tasks list`)');
  if (c.levels.length === 0) throw new ProRLConfigError('sft.levels', 'is empty', 'pass e.g. --levels 1');
  for (const f of c.families) {
    const fam = getFamily(f);
    if (!c.levels.some((l) => fam.levels.includes(l))) {
      throw new ProRLConfigError('sft.levels', `family '${f}' has none of the levels ${c.levels.join(', ')}`, `use some of: ${fam.levels.join(', ')}`);
    }
  }
  // Validates the shape now (vocabSize is filled in from the tokenizer later).
  resolveModelConfig({ ...c.model, vocabSize: 100 });
  return c;
}
