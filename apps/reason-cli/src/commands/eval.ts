import {
  EvalError,
  RemoteEngine,
  formatProgress,
  markdownReport,
  openCheckpointEngine,
  parseRemoteEngineFlag,
  readJsonlFile,
  runEval,
  sampleSuite,
  type CheckpointEngine,
  type EvalEngineSpec,
  type TaskItem,
} from '@prorl/reasoning';
import type { Argv } from 'yargs';
import { CliInputError } from '../errors.js';

/** `label=DIR` → { label, dir }; a bare DIR gets the label from its position. */
function parseCheckpointFlag(text: string, i: number): { label: string; dir: string } {
  const eq = text.indexOf('=');
  if (eq > 0) return { label: text.slice(0, eq), dir: text.slice(eq + 1) };
  return { label: ['base', 'intermediate', 'final'][i] ?? `ckpt${i}`, dir: text };
}

export function evalCommand(y: Argv): Argv {
  return y.command(
    'eval',
    'pass@k evaluation: n samples per test item from local checkpoints or a remote OpenAI-compatible endpoint (vLLM, SGLang, `prorl-reason serve`), scored by the verifiers; per family and domain pass@1, format rate, pass@k curves and regimes; JSON + Markdown + SVG. Resumable.',
    (c) =>
      c
        .option('checkpoint', { type: 'string', array: true, describe: 'local checkpoint, `label=DIR` (repeatable: e.g. base=..., intermediate=..., final=... compares them side by side)' })
        .option('endpoint', { type: 'string', describe: 'base URL of an OpenAI-compatible server (with --model)' })
        .option('model', { type: 'string', describe: 'model name at --endpoint' })
        .option('engine', { type: 'string', array: true, describe: 'remote engine `label=URL#MODEL` (repeatable)' })
        .option('items', { type: 'string', describe: 'items .jsonl (as `tasks export` writes); default: sample --suite' })
        .option('suite', { type: 'string', default: 'default', describe: 'suite to sample items from' })
        .option('split', { type: 'string', default: 'test', describe: 'split to sample items from' })
        .option('count', { type: 'number', default: 50, describe: 'items to sample from the suite' })
        .option('n', { type: 'number', default: 16, describe: 'samples per item (paper: 16 for pass@1, 256 for pass@k curves)' })
        .option('temperature', { type: 'number', default: 0.6, describe: 'sampling temperature (paper eval: 0.6)' })
        .option('top-p', { type: 'number', default: 0.95, describe: 'nucleus sampling (paper eval: 0.95)' })
        .option('max-tokens', { type: 'number', default: 256, describe: 'max new tokens per completion' })
        .option('seed', { type: 'number', default: 0, describe: 'seed of item sampling and request seeds' })
        .option('concurrency', { type: 'number', default: 4, describe: 'requests in flight (raise to 16-64 for vLLM / SGLang)' })
        .option('table-k', { type: 'number', describe: 'k shown in the Markdown table (default: largest power of 2 <= n)' })
        .option('out', { type: 'string', demandOption: true, describe: 'output folder (samples JSONL, summary.json, report.md, plots/)' })
        .option('resume', { type: 'boolean', default: false, describe: 'continue an interrupted run in --out (settings must match)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary as one JSON line' }),
    async (a) => {
      let items: TaskItem[];
      if (a.items) items = (await readJsonlFile(a.items)).map((r) => r.item);
      else items = sampleSuite(a.suite, { split: a.split as 'train' | 'validation' | 'test', n: a.count, seed: a.seed });
      const engines: EvalEngineSpec[] = [];
      const opened: CheckpointEngine[] = [];
      try {
        for (const [i, text] of (a.checkpoint ?? []).entries()) {
          const { label, dir } = parseCheckpointFlag(text, i);
          const ck = await openCheckpointEngine(dir, { name: label });
          opened.push(ck);
          engines.push({ label, engine: ck.engine });
        }
        for (const text of a.engine ?? []) {
          const e = parseRemoteEngineFlag(text, a.model);
          engines.push({ label: e.label, engine: new RemoteEngine({ endpoint: e.endpoint, model: e.model, maxConcurrent: a.concurrency }) });
        }
        if (a.endpoint) {
          if (!a.model) throw new CliInputError('--model', 'is required with --endpoint', 'pass the served model name, e.g. --model my-model');
          engines.push({ label: 'remote', engine: new RemoteEngine({ endpoint: a.endpoint, model: a.model, maxConcurrent: a.concurrency }) });
        }
        if (engines.length === 0) throw new CliInputError('--checkpoint / --endpoint / --engine', 'no engine to evaluate', 'pass a checkpoint directory or a remote endpoint');
        const ac = new AbortController();
        process.once('SIGINT', () => ac.abort());
        const res = await runEval({
          items,
          engines,
          outDir: a.out,
          n: a.n,
          temperature: a.temperature,
          topP: a['top-p'],
          maxTokens: a['max-tokens'],
          seed: a.seed,
          concurrency: a.concurrency,
          resume: a.resume,
          ...(a['table-k'] !== undefined ? { tableK: a['table-k'] } : {}),
          signal: ac.signal,
          onProgress: (p) => process.stderr.isTTY && process.stderr.write(`\r${formatProgress(p)}`),
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (a.json) process.stdout.write(`${JSON.stringify(res.summary)}\n`);
        else process.stdout.write(`${markdownReport(res.summary)}\nreport: ${res.files.report}\n`);
      } catch (err) {
        if (err instanceof EvalError && (err.code === 'invalid_config' || err.code === 'out_dir_not_empty' || err.code === 'resume_mismatch')) {
          throw new CliInputError(err.where, err.rule, err.fix);
        }
        throw err;
      } finally {
        for (const o of opened) await o.release();
      }
    },
  );
}
