/**
 * A Hugging Face Optimum model directory: `model.onnx` (decoder with past, inputs `input_ids`,
 * `attention_mask`, `position_ids`, `past_key_values.N.key/value`), `config.json` (HF names:
 * num_hidden_layers, num_attention_heads, num_key_value_heads, head_dim / hidden_size,
 * max_position_embeddings, bos/eos/pad_token_id), `tokenizer.json` (+ optional
 * `tokenizer_config.json`). `loadOptimumModel` opens such a directory — an external small model, or
 * one this project exported with `exportOptimumModel` — as an engine plus its tokenizer, so users can
 * sample and evaluate real models with the same code path.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelConfig } from '../model/config.js';
import { PolicyInputError } from '../onnx/feeds.js';
import { buildOptimumDecoderGraph } from '../onnx/optimum-export.js';
import type { OrtSessionOptions } from '../onnx/ort.js';
import { HfTokenizer } from '../tokenizer/hf.js';
import type { Tokenizer } from '../tokenizer/tokenizer.js';
import { OptimumRolloutEngine } from './optimum-rollout.js';
import type { SamplingConfig } from './sampler.js';

export interface OptimumModel {
  engine: OptimumRolloutEngine;
  tokenizer: HfTokenizer;
  /** The parsed config.json. */
  config: Record<string, unknown>;
  /** Samples one completion per prompt and decodes it (EOS and padding dropped). */
  generateText(prompts: readonly string[], seeds: readonly number[], sampling?: Partial<SamplingConfig>): Promise<{ text: string; finishReason: 'stop' | 'length' }[]>;
  release(): Promise<void>;
}

const MODEL_FILES = ['model.onnx', 'decoder_model_merged.onnx', 'decoder_with_past_model.onnx'];

async function readJson(file: string, what: string): Promise<unknown> {
  if (!existsSync(file)) throw new PolicyInputError('config', `${what} not found at ${file}`, 'point at an Optimum export directory (model.onnx, config.json, tokenizer.json)');
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new PolicyInputError('config', `${file} is not valid JSON (${(e as Error).message})`, 're-export the model');
  }
}

function intField(cfg: Record<string, unknown>, keys: string[], file: string): number | undefined {
  for (const k of keys) {
    const v = cfg[k];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  }
  void file;
  return undefined;
}

/** Opens an Optimum export directory. */
export async function loadOptimumModel(dir: string, session: Partial<OrtSessionOptions> = {}): Promise<OptimumModel> {
  const modelFile = MODEL_FILES.map((f) => path.join(dir, f)).find((f) => existsSync(f));
  if (!modelFile) {
    throw new PolicyInputError('config', `no ${MODEL_FILES.join(' / ')} in ${dir}`, 'export with `optimum-cli export onnx --task text-generation-with-past`, or exportOptimumModel()');
  }
  const cfgFile = path.join(dir, 'config.json');
  const config = (await readJson(cfgFile, 'config.json')) as Record<string, unknown>;
  const heads = intField(config, ['num_attention_heads', 'n_head'], cfgFile);
  const kvHeads = intField(config, ['num_key_value_heads'], cfgFile) ?? heads;
  const hidden = intField(config, ['hidden_size', 'n_embd'], cfgFile);
  const headDim = intField(config, ['head_dim'], cfgFile) ?? (hidden && heads ? hidden / heads : undefined);
  if (!kvHeads || !headDim || !Number.isInteger(headDim)) {
    throw new PolicyInputError('config', `${cfgFile} lacks num_key_value_heads / num_attention_heads and head_dim / hidden_size`, 'use the config.json written by the export');
  }
  const tokenizerJson = await readJson(path.join(dir, 'tokenizer.json'), 'tokenizer.json');
  const tcFile = path.join(dir, 'tokenizer_config.json');
  const tokenizerConfig = existsSync(tcFile) ? await readJson(tcFile, 'tokenizer_config.json') : {};
  const tokenizer = new HfTokenizer(tokenizerJson, tokenizerConfig);
  const maxSeqLen = intField(config, ['max_position_embeddings', 'n_positions'], cfgFile);
  const engine = await OptimumRolloutEngine.create(
    new Uint8Array(await readFile(modelFile)),
    { kvHeads, headDim, padTokenId: tokenizer.special.pad, ...(maxSeqLen ? { maxSeqLen } : {}) },
    session,
  );
  return {
    engine,
    tokenizer,
    config,
    async generateText(prompts, seeds, sampling = {}) {
      const ids = prompts.map((p) => tokenizer.encode(p, { addBos: true }));
      const out = await engine.generate({ prompts: ids, seeds, sampling: { stopTokens: [tokenizer.special.eos], ...sampling } });
      return out.tokens.map((t, i) => ({ text: tokenizer.decode(t, { skipSpecial: true }), finishReason: out.finishReasons[i]! }));
    },
    release: () => engine.release(),
  };
}

/**
 * Writes this project's model as an Optimum export directory (weights baked into model.onnx), with
 * an HF config.json and the tokenizer's tokenizer.json. Written into a temp directory, then renamed.
 */
export async function exportOptimumModel(dir: string, cfg: ModelConfig, params: Float32Array, tokenizer: Tokenizer & { toHuggingFaceJSON(): Record<string, unknown> }): Promise<void> {
  const target = path.resolve(dir);
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  try {
    await writeFile(path.join(tmp, 'model.onnx'), buildOptimumDecoderGraph(cfg, params).encode());
    const hfConfig = {
      model_type: 'prorl-transformer',
      vocab_size: cfg.vocabSize,
      hidden_size: cfg.dModel,
      num_hidden_layers: cfg.nLayers,
      num_attention_heads: cfg.nHeads,
      num_key_value_heads: cfg.nHeads,
      head_dim: cfg.dModel / cfg.nHeads,
      intermediate_size: cfg.dFF,
      max_position_embeddings: cfg.maxSeqLen,
      rms_norm_eps: cfg.normEps,
      rope_theta: cfg.ropeTheta,
      tie_word_embeddings: cfg.tieEmbeddings,
      bos_token_id: tokenizer.special.bos,
      eos_token_id: tokenizer.special.eos,
      pad_token_id: tokenizer.special.pad,
    };
    await writeFile(path.join(tmp, 'config.json'), JSON.stringify(hfConfig, null, 2));
    await writeFile(path.join(tmp, 'tokenizer.json'), JSON.stringify(tokenizer.toHuggingFaceJSON()));
    const names = (id: number) => tokenizer.decode([id]);
    await writeFile(
      path.join(tmp, 'tokenizer_config.json'),
      JSON.stringify({ bos_token: names(tokenizer.special.bos), eos_token: names(tokenizer.special.eos), pad_token: names(tokenizer.special.pad) }),
    );
    await rm(target, { recursive: true, force: true });
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
