import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { PolicyInputError } from '../onnx/feeds.js';
import { trainBpe } from '../tokenizer/bpe.js';
import { exportOptimumModel, loadOptimumModel } from './optimum-model.js';
import { OrtRolloutEngine } from './rollout.js';

describe('Optimum model directories (model.onnx + config.json + tokenizer.json)', () => {
  it('a model exported with its tokenizer loads back and samples the same text as our engine', async () => {
    const tok = trainBpe(['the cat sat on the mat', 'the dog sat on the log', 'a cat and a dog'], { vocabSize: 40 });
    const cfg = resolveModelConfig({ vocabSize: tok.vocabSize, dModel: 16, nHeads: 2, nLayers: 2, maxSeqLen: 48 });
    const layout = new ParamLayout(cfg);
    const w = layout.init(new Rng(3));
    for (let i = 0; i < w.length; i++) w[i]! *= 25; // sharpen the random model so samples differ by seed
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'optimum-')), 'model');
    await exportOptimumModel(dir, cfg, w, tok);
    const m = await loadOptimumModel(dir);
    expect(m.tokenizer.encode('the cat sat')).toEqual(tok.encode('the cat sat'));
    expect(m.config.num_hidden_layers).toBe(2);
    const prompts = ['the cat', 'a dog'];
    const sampling = { maxNewTokens: 8, temperature: 1 };
    const texts = await m.generateText(prompts, [5, 6], sampling);
    const ours = new OrtRolloutEngine(cfg, w);
    const ref = await ours.generate({ prompts: prompts.map((p) => tok.encode(p, { addBos: true })), seeds: [5, 6], sampling: { stopTokens: [tok.special.eos], ...sampling } });
    expect(texts.map((t) => t.text)).toEqual(ref.tokens.map((t) => tok.decode(t, { skipSpecial: true })));
    expect(texts.map((t) => t.finishReason)).toEqual(ref.finishReasons);
    await m.release();
    await ours.release();
  });

  it('names what is missing in a directory that is not an export', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'optimum-bad-'));
    await expect(loadOptimumModel(dir)).rejects.toThrow(/no model\.onnx/);
    writeFileSync(path.join(dir, 'model.onnx'), 'x');
    await expect(loadOptimumModel(dir)).rejects.toThrow(/config\.json not found/);
    writeFileSync(path.join(dir, 'config.json'), '{"num_attention_heads": 2}');
    await expect(loadOptimumModel(dir)).rejects.toThrow(PolicyInputError);
  });
});
