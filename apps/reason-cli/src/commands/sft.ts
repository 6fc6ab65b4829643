import { DEFAULT_SFT_CONFIG, runSft, type SftConfig } from '@prorl/reasoning';
import type { Argv } from 'yargs';
import { abortOnSigint, parseIntList, parseList, stepProgress } from './common.js';

const D = DEFAULT_SFT_CONFIG;

export function sftCommand(y: Argv): Argv {
  return y.command(
    'sft',
    'SFT warm start: train a tiny char-level base policy on worked solutions of some families and levels, and write its checkpoint (the --init of `train`).',
    (c) =>
      c
        .option('families', { type: 'string', default: D.families.join(','), describe: 'comma-separated families whose worked solutions are the data (see `tasks list`)' })
        .option('levels', { type: 'string', default: D.levels.join(','), describe: 'comma-separated levels used per family' })
        .option('steps', { type: 'number', default: D.steps, describe: 'optimizer updates' })
        .option('batch-size', { type: 'number', default: D.batchSize, describe: 'sequences per update' })
        .option('lr', { type: 'number', default: D.lr, describe: 'peak AdamW learning rate' })
        .option('warmup', { type: 'number', default: D.warmupSteps, describe: 'linear warmup updates (then cosine decay to --min-lr)' })
        .option('min-lr', { type: 'number', default: D.minLr, describe: 'learning rate at the end of the cosine decay' })
        .option('d-model', { type: 'number', default: D.model.dModel, describe: 'model width' })
        .option('layers', { type: 'number', default: D.model.nLayers, describe: 'transformer layers' })
        .option('heads', { type: 'number', default: D.model.nHeads, describe: 'attention heads' })
        .option('max-seq-len', { type: 'number', default: D.model.maxSeqLen, describe: 'context length (prompt + solution, chars)' })
        .option('seed', { type: 'number', default: D.seed, describe: 'seed of the data stream and the initial weights' })
        .option('out', { type: 'string', demandOption: true, describe: 'checkpoint directory to write (config.json, weights, tokenizer)' })
        .option('json', { type: 'boolean', default: false, describe: 'print a one-line JSON summary ({ interrupted, checkpoint, steps, firstLoss, finalLoss, trainedOn })' }),
    async (a) => {
      const partial: Partial<SftConfig> = {
        seed: a.seed,
        families: parseList(a.families)!,
        levels: parseIntList('--levels', a.levels)!,
        steps: a.steps,
        batchSize: a['batch-size'],
        lr: a.lr,
        warmupSteps: a.warmup,
        minLr: a['min-lr'],
        model: { dModel: a['d-model'], nLayers: a.layers, nHeads: a.heads, maxSeqLen: a['max-seq-len'] },
        outDir: a.out,
      };
      const sig = abortOnSigint('SFT');
      const every = Math.max(1, Math.floor(a.steps / 20));
      try {
        const res = await runSft(partial, {
          signal: sig.signal,
          onStep: (i) => {
            if (i.step % every === 0 || i.step === i.steps || i.step === 1) {
              process.stderr.write(`sft ${stepProgress(i.step, i.steps, i.elapsedSec)} loss ${i.loss.toFixed(4)} lr ${i.lr.toExponential(2)} |g| ${i.gradNorm.toFixed(3)}\n`);
            }
          },
        });
        const first = res.losses[0] ?? null;
        const last = res.losses.at(-1) ?? null;
        const interrupted = sig.signal.aborted && res.losses.length < res.config.steps;
        if (interrupted) process.exitCode = 130; // the checkpoint of the steps run is written
        const summary = { interrupted, checkpoint: res.checkpointDir, steps: res.losses.length, firstLoss: first, finalLoss: last, trainedOn: res.trainedOn };
        if (a.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else {
          process.stdout.write(
            `SFT ${res.losses.length}/${res.config.steps} steps${interrupted ? ' (interrupted)' : ''}: loss ${first?.toFixed(4)} -> ${last?.toFixed(4)}; ` +
              `trained on ${res.trainedOn.map((t) => `${t.family} L${t.levels.join('/')}`).join(', ')}\ncheckpoint: ${res.checkpointDir}\n`,
          );
        }
      } finally {
        sig.dispose();
      }
    },
  );
}
