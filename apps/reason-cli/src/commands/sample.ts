import { EvalError, completeSplit, openCheckpointEngine, type CheckpointEngine } from '@prorl/reasoning';
import { PolicyInputError } from '@prorl/policy';
import type { Argv } from 'yargs';
import { CliInputError } from '../errors.js';

export function sampleCommand(y: Argv): Argv {
  return y.command(
    'sample',
    'Sample completions of one prompt from a checkpoint (written by `sft` or `train`, e.g. runs/x/checkpoints/last).',
    (c) =>
      c
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'checkpoint directory' })
        .option('prompt', { type: 'string', demandOption: true, describe: 'prompt text (e.g. from `tasks sample`)' })
        .option('n', { type: 'number', default: 4, describe: 'completions to sample' })
        .option('temperature', { type: 'number', default: 0.6, describe: 'sampling temperature (0 = greedy; paper eval: 0.6)' })
        .option('top-p', { type: 'number', default: 0.95, describe: 'nucleus mass (paper eval: 0.95)' })
        .option('max-tokens', { type: 'number', default: 64, describe: 'max new tokens per completion' })
        .option('seed', { type: 'number', default: 0, describe: 'sampling seed (same seed, same completions)' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON line per completion ({ index, text, finish_reason })' }),
    async (a) => {
      if (!Number.isInteger(a.n) || a.n < 1) throw new CliInputError('--n', `must be a positive integer, got ${a.n}`, 'pass e.g. --n 4');
      if (!Number.isInteger(a['max-tokens']) || a['max-tokens'] < 1) throw new CliInputError('--max-tokens', `must be a positive integer, got ${a['max-tokens']}`, 'pass e.g. --max-tokens 64');
      if (!Number.isInteger(a.seed) || a.seed < 0) throw new CliInputError('--seed', `must be a non-negative integer, got ${a.seed}`, 'pass e.g. --seed 0');
      let ck: CheckpointEngine | null = null;
      try {
        ck = await openCheckpointEngine(a.checkpoint);
        const res = await completeSplit(ck.engine, { prompt: a.prompt, n: a.n, temperature: a.temperature, topP: a['top-p'], maxTokens: a['max-tokens'], seed: a.seed });
        res.choices.forEach((ch, index) => {
          if (a.json) process.stdout.write(`${JSON.stringify({ index, text: ch.text, finish_reason: ch.finishReason })}\n`);
          else process.stdout.write(`--- completion ${index} (${ch.finishReason}) ---\n${ch.text}\n`);
        });
      } catch (err) {
        if (err instanceof EvalError && (err.code === 'invalid_config' || err.code === 'invalid_request')) throw new CliInputError(err.where === 'checkpoint' ? '--checkpoint' : err.where, err.rule, err.fix);
        // e.g. prompt + max tokens longer than the model's context.
        if (err instanceof PolicyInputError) throw new CliInputError('--prompt / --max-tokens', err.message.replace(/\. Fix: .*$/s, ''), err.message.replace(/^.*?\. Fix: /s, ''));
        throw err;
      } finally {
        await ck?.release();
      }
    },
  );
}
