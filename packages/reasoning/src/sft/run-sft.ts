/**
 * SFT warm start: a tiny char-level transformer trained on programmatically generated worked
 * solutions (`family.solve(item)`) of a chosen subset of families and levels. Loss: mean token
 * cross-entropy over the solution tokens and `<eos>` only (the prompt is context).
 *
 * Loop (cleanrl order): seed → data stream → model → for each step: batch → OrtTrainer gradients
 * with coef = −mask/count → grad clip → AdamW (warmup + cosine) → log; checkpoint at the end.
 */
import { AdamW, CharTokenizer, OrtTrainer, ParamLayout, clipGradNorm, decayMaskFromLayout, lrAt, resolveLrSchedule, resolveModelConfig, saveCheckpoint, type ModelConfig } from '@prorl/policy';
import { Rng } from '@prorl/rl-core';
import { streamSuite, type SuiteItem } from '../suite/sample.js';
import type { SuiteSpec } from '../suite/suite-spec.js';
import { getFamily } from '../tasks/registry.js';
import { encodeExample, type EncodedExample } from './format.js';
import { resolveSftConfig, type SftConfig } from './config.js';

export interface SftStepInfo {
  step: number;
  steps: number;
  /** Mean cross-entropy per supervised token (nats) of this batch, before the update. */
  loss: number;
  lr: number;
  gradNorm: number;
  /** Wall-clock seconds since the start. */
  elapsedSec: number;
}

export interface SftOptions {
  onStep?: (info: SftStepInfo) => void;
  signal?: AbortSignal;
}

export interface SftResult {
  config: SftConfig;
  model: ModelConfig;
  /** Flat weights [P], ParamLayout order. */
  params: Float32Array;
  tokenizer: CharTokenizer;
  /** Loss of every step (length = steps run). */
  losses: number[];
  /** The checkpoint written, or null. */
  checkpointDir: string | null;
  /** Distinct (family, level) cells trained on. */
  trainedOn: { family: string; levels: number[] }[];
}

/** The suite of the SFT data: the families at the configured levels they have. */
export function sftSuite(config: Pick<SftConfig, 'families' | 'levels'>): SuiteSpec {
  return {
    name: 'sft',
    entries: config.families.map((family) => ({ family, levels: config.levels.filter((l) => getFamily(family).levels.includes(l)) })),
  };
}

/** An endless stream of encoded SFT examples (train split only, deterministic in `seed`). */
export function* sftExamples(config: Pick<SftConfig, 'families' | 'levels' | 'seed'>, tok: CharTokenizer, maxSeqLen: number): Generator<EncodedExample & { item: SuiteItem }> {
  for (const item of streamSuite(sftSuite(config), { split: 'train', seed: config.seed, distinct: false })) {
    const ex = encodeExample(tok, item.prompt, getFamily(item.family).solve(item));
    if (ex.ids.length <= maxSeqLen) yield { ...ex, item };
  }
}

/** Right-padded [B,T] batch with coef = −lossMask / (number of supervised tokens). */
export function sftBatch(examples: readonly EncodedExample[], padId: number): { B: number; T: number; ids: number[]; attnMask: number[]; coef: Float64Array; count: number } {
  const B = examples.length;
  const T = Math.max(...examples.map((e) => e.ids.length));
  const ids = new Array<number>(B * T).fill(padId);
  const attnMask = new Array<number>(B * T).fill(0);
  const coef = new Float64Array(B * T);
  let count = 0;
  for (const e of examples) for (const m of e.lossMask) count += m;
  examples.forEach((e, b) => {
    for (let t = 0; t < e.ids.length; t++) {
      ids[b * T + t] = e.ids[t]!;
      attnMask[b * T + t] = 1;
      if (e.lossMask[t]) coef[b * T + t] = -1 / count;
    }
  });
  return { B, T, ids, attnMask, coef, count };
}

/** Runs the SFT warm start and (when `outDir` is set) writes the base checkpoint. */
export async function runSft(partial: Partial<SftConfig> = {}, opts: SftOptions = {}): Promise<SftResult> {
  // 1. Config and seed.
  const config = resolveSftConfig(partial);
  const rng = new Rng(config.seed);
  // 2. Tokenizer, model, data.
  const tokenizer = new CharTokenizer();
  const model = resolveModelConfig({ ...config.model, vocabSize: tokenizer.vocabSize });
  const layout = new ParamLayout(model);
  const params = layout.init(rng);
  const optimizer = new AdamW(layout.totalSize, { lr: config.lr, weightDecay: config.weightDecay }, decayMaskFromLayout(layout));
  const schedule = resolveLrSchedule({ kind: 'cosine', lr: config.lr, minLr: config.minLr, warmupSteps: config.warmupSteps, totalSteps: config.steps });
  const trainer = new OrtTrainer(model, params);
  const data = sftExamples(config, tokenizer, model.maxSeqLen);
  const losses: number[] = [];
  const t0 = Date.now();
  try {
    // 3. Loop.
    for (let step = 0; step < config.steps; step++) {
      if (opts.signal?.aborted) break;
      const examples: EncodedExample[] = [];
      while (examples.length < config.batchSize) examples.push(data.next().value as EncodedExample);
      const batch = sftBatch(examples, tokenizer.special.pad);
      const g = await trainer.gradients(batch);
      const clip = clipGradNorm(g.grads, config.gradClip);
      const lr = lrAt(schedule, step);
      optimizer.update(params, g.grads, lr);
      losses.push(g.objective);
      opts.onStep?.({ step: step + 1, steps: config.steps, loss: g.objective, lr, gradNorm: clip.norm, elapsedSec: (Date.now() - t0) / 1000 });
    }
  } finally {
    await trainer.release();
  }
  // 4. Checkpoint.
  if (config.outDir !== null) {
    await saveCheckpoint(config.outDir, {
      config: model,
      params,
      step: losses.length,
      tokenizer: tokenizer.toJSON(),
      metadata: { kind: 'sft', sft: { ...config }, finalLoss: losses[losses.length - 1] ?? null },
    });
  }
  return {
    config,
    model,
    params,
    tokenizer,
    losses,
    checkpointDir: config.outDir,
    trainedOn: sftSuite(config).entries.map((e) => ({ family: e.family, levels: [...(e.levels ?? [])] })),
  };
}
