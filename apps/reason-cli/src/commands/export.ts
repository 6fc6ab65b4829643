import { existsSync } from 'node:fs';
import path from 'node:path';
import { OrtRolloutEngine, exportOptimumModel, loadCheckpoint, loadOptimumModel, tokenizerFromJSON, type Tokenizer } from '@prorl/policy';
import type { Argv } from 'yargs';
import { CliInputError } from '../errors.js';

type HfExportable = Tokenizer & { toHuggingFaceJSON(): Record<string, unknown> };

function hasHfJson(t: Tokenizer): t is HfExportable {
  return typeof (t as Partial<HfExportable>).toHuggingFaceJSON === 'function';
}

/** The probe prompt of the load-back check: greedy tokens of the export must equal the checkpoint's. */
const PROBE = 'Sort these numbers in ascending order: 3, 1, 2\n';

export function exportCommand(y: Argv): Argv {
  return y.command(
    'export',
    'Export a checkpoint as a Hugging Face Optimum directory (model.onnx with KV cache, config.json, tokenizer.json), then load it back and check that its greedy output equals the checkpoint\'s.',
    (c) =>
      c
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'checkpoint directory (written by `sft` or `train`)' })
        .option('out', { type: 'string', demandOption: true, describe: 'export directory (replaced if it exists)' })
        .option('check-tokens', { type: 'number', default: 16, describe: 'greedy tokens compared in the load-back check (0 skips generation, still loads)' })
        .option('json', { type: 'boolean', default: false, describe: 'print a one-line JSON summary ({ out, files, checked })' }),
    async (a) => {
      if (!existsSync(path.join(a.checkpoint, 'config.json'))) {
        throw new CliInputError('--checkpoint', `no checkpoint at ${a.checkpoint} (config.json missing)`, 'pass a directory written by `prorl-reason sft` or `train` (e.g. runs/x/checkpoints/last)');
      }
      const ck = await loadCheckpoint(a.checkpoint);
      if (ck.tokenizer === undefined) throw new CliInputError('--checkpoint', `${a.checkpoint} has no saved tokenizer`, 'use a checkpoint written by prorl-reason (it saves tokenizer.json)');
      const tokenizer = tokenizerFromJSON(ck.tokenizer);
      if (!hasHfJson(tokenizer)) {
        throw new CliInputError('--checkpoint', `its ${tokenizer.kind} tokenizer cannot be written as a Hugging Face tokenizer.json`, 'export checkpoints with a char or BPE tokenizer (a checkpoint over an HF tokenizer already has one)');
      }
      await exportOptimumModel(a.out, ck.config, ck.params, tokenizer);

      // Load-back check: same tokenizer ids, and greedy generation equal to the checkpoint's engine.
      const opt = await loadOptimumModel(a.out);
      const ref = a['check-tokens'] > 0 ? new OrtRolloutEngine(ck.config, ck.params) : null;
      try {
        const ids = tokenizer.encode(PROBE, { addBos: true });
        const back = opt.tokenizer.encode(PROBE, { addBos: true });
        if (JSON.stringify(ids) !== JSON.stringify(back)) throw new Error(`export check failed: the exported tokenizer.json encodes the probe as [${back.join(',')}], the checkpoint's tokenizer as [${ids.join(',')}]`);
        if (ref) {
          const sampling = { temperature: 0, maxNewTokens: Math.min(a['check-tokens'], ck.config.maxSeqLen - ids.length), stopTokens: [tokenizer.special.eos] };
          const want = await ref.generate({ prompts: [ids], seeds: [0], sampling });
          const got = await opt.engine.generate({ prompts: [ids], seeds: [0], sampling });
          if (JSON.stringify(Array.from(want.tokens[0]!)) !== JSON.stringify(Array.from(got.tokens[0]!))) {
            throw new Error(`export check failed: greedy tokens of the export [${Array.from(got.tokens[0]!).join(',')}] differ from the checkpoint's [${Array.from(want.tokens[0]!).join(',')}]`);
          }
        }
      } finally {
        await opt.release();
        await ref?.release();
      }
      const files = ['model.onnx', 'config.json', 'tokenizer.json', 'tokenizer_config.json'];
      const checked = a['check-tokens'] > 0 ? `loads back; greedy output on a probe prompt (${a['check-tokens']} tokens) equals the checkpoint's` : 'loads back';
      if (a.json) process.stdout.write(`${JSON.stringify({ out: a.out, files, checked })}\n`);
      else process.stdout.write(`exported ${a.checkpoint} -> ${a.out} (${files.join(', ')}); ${checked}\n`);
    },
  );
}
