import { readJsonlFile, scoreBatch, SandboxPool, summarizeScores } from '@prorl/reasoning';
import type { Argv } from 'yargs';
import { CliInputError } from '../errors.js';

export function scoreCommand(y: Argv): Argv {
  return y.command(
    'score',
    'Score completions: reads JSONL lines as written by `tasks export` with a `completion` field added; prints one score per line and a summary.',
    (c) =>
      c
        .option('in', { type: 'string', demandOption: true, describe: 'input .jsonl file (items + `completion`)' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON line per input line ({ id, line, family, score, reason }); the summary goes to stderr' })
        .option('timeout-ms', { type: 'number', default: 5000, describe: 'code sandbox time limit per completion, ms (paper: 5000 total per program)' })
        .option('workers', { type: 'number', describe: 'code sandbox worker processes (default: min(4, cores))' }),
    async (args) => {
      const timeoutMs = args['timeout-ms'];
      if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new CliInputError('--timeout-ms', `must be a positive integer, got ${timeoutMs}`, 'pass e.g. --timeout-ms 5000');
      const rows = await readJsonlFile(args.in, { requireCompletion: true });
      const pool = new SandboxPool({ timeoutMs, ...(args.workers !== undefined ? { workers: args.workers } : {}) });
      try {
        const results = await scoreBatch(
          rows.map((r) => ({ item: r.item, completion: r.completion ?? '' })),
          { runCode: pool.runCode },
          process.stderr.isTTY ? { onProgress: (done, total) => (done % 100 === 0 || done === total) && process.stderr.write(`\rscored ${done}/${total}${done === total ? '\n' : ''}`) } : {},
        );
        const out: string[] = [];
        rows.forEach((r, i) => {
          const res = results[i]!;
          if (args.json) out.push(JSON.stringify({ id: r.item.id, line: r.line, family: r.item.family, score: res.score, reason: res.reason }));
          else out.push(`${String(r.line).padStart(5)}  ${r.item.id.padEnd(32)}  ${res.score.toFixed(3)}  ${res.reason}`);
        });
        const s = summarizeScores(rows.map((r) => r.item), results);
        const summary = [`${s.n} scored: mean ${s.meanScore.toFixed(4)}, solved ${(100 * s.solved).toFixed(1)}%`];
        for (const [fam, b] of Object.entries(s.byFamily)) summary.push(`  ${fam.padEnd(28)} n=${b.n}  mean ${b.meanScore.toFixed(4)}  solved ${(100 * b.solved).toFixed(1)}%`);
        process.stdout.write(out.length ? `${out.join('\n')}\n` : '');
        (args.json ? process.stderr : process.stdout).write(`${summary.join('\n')}\n`);
      } finally {
        await pool.close();
      }
    },
  );
}
